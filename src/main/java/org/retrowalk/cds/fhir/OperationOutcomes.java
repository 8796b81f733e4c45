package org.retrowalk.cds.fhir;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Error responses: an OperationOutcome (encoded by HAPI) naming the problem. */
public final class OperationOutcomes {

    private OperationOutcomes() {
    }

    public static Response response(int status, IssueType type, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(status >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR)
                .setCode(type).setDiagnostics(diagnostics);
        String body = FhirContextProducer.jsonParser().encodeResourceToString(outcome);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
