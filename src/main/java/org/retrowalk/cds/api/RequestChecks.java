package org.retrowalk.cds.api;

import java.util.regex.Pattern;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.cdshooks.ServiceDescriptor;
import org.retrowalk.cds.fhir.References;
import org.retrowalk.cds.platform.CdsException;
import org.retrowalk.cds.platform.Uuids;

/** The contract's 400 cases, checked before any service sees the request. Messages name the field, not its value. */
final class RequestChecks {

    private static final Pattern HTTP_URL = Pattern.compile("https?://\\S+");


    private RequestChecks() {
    }

    /** @return the patient id from the context */
    static String check(CdsRequest request, ServiceDescriptor service) {
        if (request == null) {
            throw CdsException.badRequest("The request body is empty; a CDS Hooks request is a JSON object.");
        }
        if (request.hook() == null || request.hook().isBlank()) {
            throw CdsException.badRequest("Field 'hook' is required.");
        }
        if (!service.hook().equals(request.hook())) {
            throw CdsException.badRequest("Field 'hook' does not match: service '" + service.id() + "' answers the '"
                    + service.hook() + "' hook.");
        }
        if (request.hookInstance() == null || !Uuids.isUuid(request.hookInstance())) {
            throw CdsException.badRequest("Field 'hookInstance' must be a UUID.");
        }
        if (request.context() == null || !request.context().isObject()) {
            throw CdsException.badRequest("Field 'context' must be a JSON object.");
        }
        String patientId = request.contextString("patientId");
        if (patientId == null || patientId.isBlank()) {
            throw CdsException.badRequest("Field 'context.patientId' is required.");
        }
        if (!References.isId(patientId)) {
            throw CdsException.badRequest("Field 'context.patientId' is not a FHIR id.");
        }
        if (request.fhirServer() != null && !HTTP_URL.matcher(request.fhirServer()).matches()) {
            throw CdsException.badRequest("Field 'fhirServer' must be an absolute http(s) URL.");
        }
        return patientId;
    }
}
