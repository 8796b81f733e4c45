package org.retrowalk.cds.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Provider;
import java.io.IOException;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.cdshooks.CdsResponse;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.platform.Readiness;
import org.retrowalk.cds.record.FhirServerReader;
import org.retrowalk.cds.record.RecordQueries;
import org.retrowalk.cds.record.RecordQuery;
import org.retrowalk.cds.terminology.Terminology;

/**
 * Sends one synthetic request through the same path a real call takes (Jackson, HAPI parsing of the
 * prefetch, facts, rules, cards, encoding), and one through the FHIR client: HAPI's model scan, the rule
 * base, the serializers and the HTTP client then cost their seconds before the first clinician waits.
 * <p>
 * Start-up waits for the warm-up, so the parts that do not need each other are prepared at once, each on
 * its own thread: the value sets (HAPI parsing them is the longest part), the rule base and the FHIR
 * client, while this thread encodes the synthetic prefetch. The readiness check is DOWN until this is done.
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    private static final String PATIENT_ID = "warm-up";

    void onStart(@Observes StartupEvent event, ObjectMapper mapper, PatientViewService service, RecordQueries queries,
                 FhirServerReader fhirServer, Provider<Terminology> terminology, Provider<DecisionEngine> engine,
                 Readiness readiness) {
        long started = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(3, runnable -> new Thread(runnable, "warm-up"));
        try {
            CompletableFuture<?> valueSets = CompletableFuture.runAsync(() -> terminology.get().toString(), threads);
            CompletableFuture<?> rules = CompletableFuture.runAsync(() -> engine.get().toString(), threads);
            CompletableFuture<?> client = CompletableFuture.runAsync(fhirServer::warmUp, threads);
            String body = syntheticRequest(queries);
            CompletableFuture.allOf(valueSets, rules, client).join();
            CdsRequest request = mapper.readValue(body, CdsRequest.class);
            CdsResponse response = service.call(request, PATIENT_ID).response();
            mapper.writeValueAsString(response);
        } catch (IOException e) {
            throw new IllegalStateException("the warm-up request could not be read or written", e);
        } catch (CompletionException e) {
            // a fault in the service's own rules or value sets: refuse to start rather than serve without them
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            threads.shutdown();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        readiness.warmedUp(millis);
        LOG.infof("Warmed up in %d ms", millis);
    }

    /** A patient-view request for a 55-year-old with knee OA and a recent TUG, its prefetch as our templates ask. */
    private static String syntheticRequest(RecordQueries queries) {
        Patient patient = new Patient();
        patient.setId(PATIENT_ID);
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
        return "{\"hook\":\"patient-view\",\"hookInstance\":\"" + UUID.randomUUID() + "\",\"context\":{\"patientId\":\""
                + PATIENT_ID + "\"},\"prefetch\":{" + prefetch + "}}";
    }

    private static Bundle bundle(Resource resource) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.addEntry().setResource(resource);
        return bundle;
    }
}
