package org.retrowalk.cds.cdshooks;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A request the service cannot answer, with the HTTP status and the words for the OperationOutcome.
 * The message must never contain a token or patient data.
 */
public class CdsException extends RuntimeException {

    private final int status;
    private final IssueType issueType;

    public CdsException(int status, IssueType issueType, String message) {
        super(message, null, false, false);
        this.status = status;
        this.issueType = issueType;
    }

    public static CdsException badRequest(String message) {
        return new CdsException(400, IssueType.INVALID, message);
    }

    public static CdsException notFound(String message) {
        return new CdsException(404, IssueType.NOTFOUND, message);
    }

    public static CdsException dataUnavailable(String message) {
        return new CdsException(412, IssueType.INCOMPLETE, message);
    }

    public int status() {
        return status;
    }

    public IssueType issueType() {
        return issueType;
    }
}
