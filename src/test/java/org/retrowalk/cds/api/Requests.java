package org.retrowalk.cds.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.record.RecordQueries;
import org.retrowalk.cds.record.RecordQuery;
import org.retrowalk.cds.record.TemplateFilter;

/** Builds CDS Hooks request bodies: prefetch filled by our own templates, as an EHR would fill them. */
public final class Requests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    /** A patient-view request whose prefetch holds every key, each filtered by its template. */
    public static ObjectNode patientView(RecordQueries queries, String patientId, List<Resource> resources) {
        return patientView(queries.all(), patientId, resources);
    }

    /** The same, from templates as a discovery document publishes them. */
    public static ObjectNode patientView(List<RecordQuery> queries, String patientId, List<Resource> resources) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("hook", "patient-view");
        request.put("hookInstance", UUID.randomUUID().toString());
        request.putObject("context").put("userId", "Practitioner/test").put("patientId", patientId);
        ObjectNode prefetch = request.putObject("prefetch");
        for (RecordQuery query : queries) {
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

    /** The knee OA every order case's patient has unless the case says otherwise (defaultKneeOA: false). */
    static final String KNEE_OA = """
            {"resourceType":"Condition","id":"default-knee-oa","subject":{"reference":"Patient/case-patient"},
             "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
             "code":{"coding":[{"system":"http://snomed.info/sct","code":"239873007","display":"Osteoarthritis of knee"}]},
             "onsetDateTime":"2020-01-01"}""";

    /**
     * An order-select or order-sign request for one case of rules/order-cases/order-checks.json: the case's
     * patient as full prefetch, its draft orders and selections in the context.
     */
    public static ObjectNode orderCase(RecordQueries queries, JsonNode table, JsonNode c) {
        List<Resource> record = new ArrayList<>();
        table.get("patients").get(c.get("patient").asText()).forEach(r -> record.add(parse(r)));
        if (!c.has("defaultKneeOA") || c.get("defaultKneeOA").asBoolean()) {
            record.add((Resource) FhirContextProducer.jsonParser().parseResource(KNEE_OA));
        }
        ObjectNode request = patientView(queries, "case-patient", record);
        request.put("hook", c.get("hook").asText());
        ObjectNode context = (ObjectNode) request.get("context");
        ObjectNode drafts = context.putObject("draftOrders");
        drafts.put("resourceType", "Bundle").put("type", "collection");
        var entries = drafts.putArray("entry");
        c.get("draftOrders").forEach(o -> entries.addObject().set("resource", o));
        if (c.has("selections")) {
            context.set("selections", c.get("selections"));
        }
        return request;
    }

    public static Resource parse(JsonNode json) {
        return (Resource) FhirContextProducer.jsonParser().parseResource(json.toString());
    }

    public static JsonNode tree(Resource resource) {
        try {
            return JSON.readTree(FhirContextProducer.jsonParser().encodeResourceToString(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
