package org.retrowalk.cds.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.evaluation.PrescriptionCheck;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.FhirParseErrors;
import org.retrowalk.cds.platform.CdsException;

/**
 * POST /prescriptions/$validate: checks a backward-walking prescription without a CDS Hooks call, for a
 * documentation system. The body is the ServiceRequest, or a Parameters with "resource" (the ServiceRequest)
 * and "record" (a Bundle of the patient's resources) to check it against the patient's rules too. The answer
 * is an OperationOutcome (200): errors and warnings of the profile, then of the patient's rules.
 */
@Path("/prescriptions")
@Tag(name = "Prescriptions", description = "Checking a physiotherapist's backward-walking prescription")
public class PrescriptionResource {

    @Inject
    PrescriptionCheck prescriptions;

    /** "$validate" is matched here, not in @Path: JAX-RS path templates are regular expressions, where $ is an anchor. */
    @POST
    @Path("/{operation}")
    @Operation(summary = "$validate: check a ServiceRequest against the prescription profile and the order checks",
            description = "The body is a ServiceRequest, or Parameters with it as 'resource' (and optionally the patient's record). "
                    + "The answer is an OperationOutcome listing every problem found; {operation} must be $validate.")
    @Consumes({"application/fhir+json", "application/json"})
    @Produces("application/fhir+json")
    public Response validate(@PathParam("operation") String operation, String body) {
        if (!"$validate".equals(operation)) {
            throw CdsException.notFound("The only operation on prescriptions is $validate.");
        }
        IBaseResource parsed;
        try {
            parsed = FhirContextProducer.jsonParser().parseResource(body);
        } catch (RuntimeException e) {
            throw CdsException.badRequest("The body is not a FHIR R4 resource in JSON: " + FhirParseErrors.describe(e) + ".");
        }
        ServiceRequest order;
        Bundle record = null;
        if (parsed instanceof ServiceRequest sr) {
            order = sr;
        } else if (parsed instanceof Parameters parameters && named(parameters, "resource") instanceof ServiceRequest sr) {
            order = sr;
            Resource given = named(parameters, "record");
            if (given != null && !(given instanceof Bundle)) {
                throw CdsException.badRequest("Parameter 'record' must be a Bundle of the patient's resources.");
            }
            record = (Bundle) given;
        } else {
            throw CdsException.badRequest("Send the ServiceRequest, or a Parameters with 'resource' (the ServiceRequest) and optionally 'record'.");
        }

        OperationOutcome outcome = prescriptions.check(order, record);
        return Response.ok(FhirContextProducer.jsonParser().encodeResourceToString(outcome), "application/fhir+json").build();
    }

    /**
     * The resource of the parameter with this name, or null. Not Parameters.getParameter(name): it calls equals on each
     * parameter's name, and a parameter without one ({"parameter":[{}]}) made that a NullPointerException (a 500).
     */
    static Resource named(Parameters parameters, String name) {
        return parameters.getParameter().stream().filter(p -> name.equals(p.getName())).findFirst()
                .map(Parameters.ParametersParameterComponent::getResource).orElse(null);
    }
}
