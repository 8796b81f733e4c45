package org.retrowalk.cds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;

/**
 * A CDS Hooks call. Prefetch values are parsed by HAPI as they are read; a key mapped to JSON null stays
 * in the map with a null value ("the EHR looked and found nothing"), an absent key is absent.
 */
public record CdsRequest(
        String hook,
        String hookInstance,
        String fhirServer,
        FhirAuthorization fhirAuthorization,
        JsonNode context,
        Map<String, Resource> prefetch) {

    public String contextString(String field) {
        if (context == null || !context.isObject()) {
            return null;
        }
        JsonNode value = context.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    @Override
    public String toString() {
        // Never the token, never the record.
        return "CdsRequest[hook=" + hook + ", hookInstance=" + hookInstance + ", prefetchKeys="
                + (prefetch == null ? "none" : prefetch.keySet()) + "]";
    }
}
