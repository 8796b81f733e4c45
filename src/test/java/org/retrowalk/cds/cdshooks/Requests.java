package org.retrowalk.cds.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.PatientRecord;
import org.retrowalk.cds.fhir.RecordQueries;
import org.retrowalk.cds.fhir.RecordQuery;
import org.retrowalk.cds.fhir.TemplateFilter;

/** Builds CDS Hooks request bodies: prefetch filled by our own templates, as an EHR would fill them. */
public final class Requests {

    public static final Path SYNTHEA = Path.of("..", "shared", "fhir", "synthea");
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

    public static ObjectNode patientView(RecordQueries queries, PatientRecord record, List<Resource> resources) {
        return patientView(queries, record.patientId(), resources);
    }

    /** Every resource of a Synthea transaction bundle. */
    public static List<Resource> synthea(Path file) {
        try {
            Bundle bundle = (Bundle) FhirContextProducer.jsonParser().parseResource(Files.readString(file));
            // In a transaction bundle HAPI takes the fullUrl (urn:uuid:...) as the id; a server would use the uuid.
            return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .peek(r -> r.setId(r.getIdElement().getValue().replace("urn:uuid:", ""))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String patientId(List<Resource> resources) {
        return resources.stream().filter(r -> r instanceof Patient).findFirst().orElseThrow().getIdElement().getIdPart();
    }

    public static com.fasterxml.jackson.databind.JsonNode tree(Resource resource) {
        try {
            return JSON.readTree(FhirContextProducer.jsonParser().encodeResourceToString(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
