package org.retrowalk.cds.platform;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A request the service cannot answer, with the HTTP status and the words for the OperationOutcome.
 * The message must never contain a token or patient data.
 */
public class CdsException extends RuntimeException {

    private final int status;
    private final IssueType issueType;
    private final long fhirReadNanos;

    public CdsException(int status, IssueType issueType, String message) {
        this(status, issueType, message, 0);
    }

    private CdsException(int status, IssueType issueType, String message, long fhirReadNanos) {
        super(message, null, false, false);
        this.status = status;
        this.issueType = issueType;
        this.fhirReadNanos = fhirReadNanos;
    }

    public static CdsException badRequest(String message) {
        return new CdsException(400, IssueType.INVALID, message);
    }

    public static CdsException notFound(String message) {
        return new CdsException(404, IssueType.NOTFOUND, message);
    }

    /** The data needed could not be had; fhirReadNanos is how long the FHIR server was tried (0 if it was not). */
    public static CdsException dataUnavailable(String message, long fhirReadNanos) {
        return new CdsException(412, IssueType.INCOMPLETE, message, fhirReadNanos);
    }

    public int status() {
        return status;
    }

    public IssueType issueType() {
        return issueType;
    }

    public long fhirReadNanos() {
        return fhirReadNanos;
    }
}
