package org.retrowalk.cds.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.RecordQueries;
import org.retrowalk.cds.fhir.RecordQuery;
import org.retrowalk.cds.fhir.TemplateFilter;

/** Builds CDS Hooks request bodies: prefetch filled by our own templates, as an EHR would fill them. */
public final class Requests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    /** A patient-view request whose prefetch holds every key, each filtered by its template. */
    public static ObjectNode patientView(RecordQueries queries, String patientId, List<Resource> resources) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("hook", "patient-view");
        request.put("hookInstance", UUID.randomUUID().toString());
        request.putObject("context").put("userId", "Practitioner/test").put("patientId", patientId);
        ObjectNode prefetch = request.putObject("prefetch");
        for (RecordQuery query : queries.all()) {
            List<Resource> matching = resources.stream().filter(TemplateFilter.of(query, patientId)).toList();
            if (matching.isEmpty()) {
                prefetch.putNull(query.key());
            } else if (query.read()) {
                prefetch.set(query.key(), tree(matching.get(0)));
            } else {
                Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(matching.size());
                matching.forEach(r -> bundle.addEntry().setFullUrl(r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r));
                prefetch.set(query.key(), tree(bundle));
            }
        }
        return request;
    }

    public static com.fasterxml.jackson.databind.JsonNode tree(Resource resource) {
        try {
            return JSON.readTree(FhirContextProducer.jsonParser().encodeResourceToString(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
