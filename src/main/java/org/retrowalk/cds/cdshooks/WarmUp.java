package org.retrowalk.cds.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.LocalDate;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.jboss.logging.Logger;
import org.retrowalk.cds.cdshooks.json.CdsRequest;
import org.retrowalk.cds.cdshooks.json.CdsResponse;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.FhirServerReader;
import org.retrowalk.cds.fhir.RecordQueries;
import org.retrowalk.cds.fhir.RecordQuery;

/**
 * Sends one synthetic request through the same path a real call takes (Jackson, HAPI parsing of the
 * prefetch, facts, rules, cards, encoding), and one through the FHIR client: HAPI's model scan, the rule
 * base, the serializers and the HTTP client then cost their seconds before the first clinician waits.
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    void onStart(@Observes StartupEvent event, ObjectMapper mapper, PatientViewService service, RecordQueries queries,
                 FhirServerReader fhirServer) throws Exception {
        long started = System.nanoTime();
        fhirServer.warmUp();
        String patientId = "warm-up";
        Patient patient = new Patient();
        patient.setId(patientId);
        patient.setBirthDateElement(new DateType(LocalDate.now().minusYears(55).toString()));
        Condition kneeOa = new Condition();
        kneeOa.setId("warm-up-oa");
        kneeOa.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "239873007", "Osteoarthritis of knee")));
        Observation tug = new Observation();
        tug.setId("warm-up-tug");
        tug.setStatus(Observation.ObservationStatus.FINAL);
        tug.setCode(new CodeableConcept(new Coding("http://loinc.org", "89423-8", null)));
        tug.setEffective(new DateTimeType(LocalDate.now().toString()));
        tug.setValue(new Quantity().setValue(9).setUnit("s"));

        StringBuilder prefetch = new StringBuilder();
        for (RecordQuery query : queries.all()) {
            Resource value = query.read() ? patient
                    : query.key().equals("conditions") ? bundle(kneeOa)
                    : query.key().equals("observations") ? bundle(tug) : null;
            prefetch.append(prefetch.isEmpty() ? "" : ",").append('"').append(query.key()).append("\":")
                    .append(value == null ? "null" : FhirContextProducer.jsonParser().encodeResourceToString(value));
        }
        String body = "{\"hook\":\"patient-view\",\"hookInstance\":\"" + UUID.randomUUID() + "\",\"context\":{\"patientId\":\""
                + patientId + "\"},\"prefetch\":{" + prefetch + "}}";
        CdsRequest request = mapper.readValue(body, CdsRequest.class);
        CdsResponse response = service.call(request, patientId).response();
        mapper.writeValueAsString(response);
        LOG.infof("Warmed up in %d ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static Bundle bundle(Resource resource) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.addEntry().setResource(resource);
        return bundle;
    }
}
