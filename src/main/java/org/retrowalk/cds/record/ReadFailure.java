package org.retrowalk.cds.record;

/** Why part of the record could not be read from the EHR's FHIR server, in words a clinician can follow. */
public enum ReadFailure {
    TIMEOUT("did not answer in time"),
    UNREACHABLE("could not be reached"),
    SERVER_ERROR("answered with a server error"),
    NOT_AUTHORIZED("refused access to it"),
    REFUSED("refused the query"),
    MALFORMED("answered with something that is not valid FHIR for this patient"),
    TOO_MANY_PAGES("had more results than the service reads"),
    TOO_LARGE("answered with more than the service reads at once (bytes or resources)"),
    FOREIGN_LINK("linked the next page to another server, where the service does not send the token"),
    CIRCUIT_OPEN("has been failing, so it was not asked"),
    OVERLOADED("was not asked: too many queries in flight");

    private final String words;

    ReadFailure(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
