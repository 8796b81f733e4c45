package org.retrowalk.cds.panel;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which patient an exported resource belongs to, read from the two fields that say so (a Patient's id; otherwise
 * subject or patient), so that a line can be routed before it is parsed as FHIR. "Patient/123", "urn:uuid:123" and
 * a full URL all give "123".
 */
final class PatientKey {

    private PatientKey() {
    }

    static String of(JsonNode resource) {
        if ("Patient".equals(resource.path("resourceType").asText())) {
            return blankToNull(resource.path("id").asText(null));
        }
        String reference = resource.path("subject").path("reference").asText(null);
        if (reference == null) {
            reference = resource.path("patient").path("reference").asText(null);
        }
        if (reference == null || !(reference.contains("Patient/") || reference.startsWith("urn:uuid:"))) {
            return null;
        }
        String id = reference.substring(Math.max(reference.lastIndexOf('/'), reference.lastIndexOf(':')) + 1);
        int history = reference.indexOf("/_history/");
        if (history > 0) {
            String base = reference.substring(0, history);
            id = base.substring(base.lastIndexOf('/') + 1);
        }
        return blankToNull(id);
    }

    /** Whether one of the resource's code's codings is one of {@code tokens} ("system|code"), as a FHIR token search matches. */
    static boolean hasCode(JsonNode resource, java.util.Set<String> tokens) {
        for (JsonNode coding : resource.path("code").path("coding")) {
            if (tokens.contains(coding.path("system").asText("") + "|" + coding.path("code").asText(""))) {
                return true;
            }
        }
        return false;
    }

    /** A non-negative hash, the same in every JVM (String.hashCode is specified), spread by a multiplicative mix. */
    static int hash(String patient) {
        return (patient.hashCode() * 0x9E3779B1) >>> 1;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
