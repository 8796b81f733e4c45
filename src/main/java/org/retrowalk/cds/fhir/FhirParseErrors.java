package org.retrowalk.cds.fhir;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What went wrong parsing a resource from a request, in words that name the element but never quote the
 * value: HAPI's messages do quote it, and it can be patient data.
 */
public final class FhirParseErrors {

    private static final Pattern ELEMENT = Pattern.compile("\\[element=\"([A-Za-z0-9_.\\[\\]-]{1,80})\"\\]");

    private FhirParseErrors() {
    }

    public static String describe(RuntimeException e) {
        Matcher element = e.getMessage() == null ? null : ELEMENT.matcher(e.getMessage());
        if (element != null && element.find()) {
            return "element '" + element.group(1) + "' has an invalid value";
        }
        return "it cannot be read as FHIR R4 JSON";
    }
}
