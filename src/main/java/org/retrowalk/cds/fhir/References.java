package org.retrowalk.cds.fhir;

/** Reading the id out of the reference forms real records use. */
public final class References {

    /** FHIR ids: letters, digits, '-' and '.', at most 64 characters. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private References() {
    }

    /** Whether this is a FHIR id (the id part of a reference, not the reference). */
    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /**
     * "Patient/123", "http://ehr/fhir/Patient/123", "Patient/123/_history/2" and "urn:uuid:123" all give "123";
     * null or blank gives null.
     */
    public static String idPart(String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        String ref = reference.trim();
        if (ref.startsWith("urn:uuid:")) {
            return ref.substring("urn:uuid:".length());
        }
        int history = ref.indexOf("/_history/");
        if (history >= 0) {
            ref = ref.substring(0, history);
        }
        int slash = ref.lastIndexOf('/');
        return slash >= 0 ? ref.substring(slash + 1) : ref;
    }

    /** The resource type named in a reference ("Patient/1" gives "Patient"), or null for urn:uuid and bare ids. */
    public static String typePart(String reference) {
        if (reference == null || reference.startsWith("urn:")) {
            return null;
        }
        String ref = reference;
        int history = ref.indexOf("/_history/");
        if (history >= 0) {
            ref = ref.substring(0, history);
        }
        String[] parts = ref.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : null;
    }
}
