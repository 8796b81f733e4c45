package org.retrowalk.cds.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Provider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
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
import org.jboss.logging.MDC;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.cdshooks.CdsResponse;
import org.retrowalk.cds.config.RetrowalkConfig;
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
 * client, while this thread encodes the synthetic prefetch.
 * <p>
 * Then, unless retrowalk.warm-up.load is 0s, a synthetic load on another thread: the example requests and the
 * case tables' requests (examples/cases/, every shape of record the rules distinguish), through the services
 * (not the HTTP API, so never audited or counted), until their rate stops rising or the time is up. Under
 * real load the JIT compiler shares two cores with a dozen busy request threads and took three minutes to
 * reach full speed; alone, it takes seconds. The HTTP API and liveness answer meanwhile;
 * the readiness check is DOWN until the warm-up is done.
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    private static final String PATIENT_ID = "warm-up";
    static final List<String> EXAMPLES = List.of("recommend-55-year-old.json", "modify-one-fall-impaired-tug.json",
            "advise-against-two-falls.json", "assess-first-no-falls-screen.json", "no-card-hip-osteoarthritis.json",
            "synthea-millard-walker.json", "order-sign-missing-safety-measures.json");
    /** The clinical and order case tables as requests, one per line (written by WarmUpRequestsWriter). */
    static final String CASES = "cases/case-requests.ndjson.gz";

    void onStart(@Observes StartupEvent event, ObjectMapper mapper, PatientViewService service, RecordQueries queries,
                 FhirServerReader fhirServer, Provider<Terminology> terminology, Provider<DecisionEngine> engine,
                 Readiness readiness, Instance<CdsService> services, RetrowalkConfig config) {
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
        LOG.infof("Warmed up in %d ms", millis);
        Duration load = config.warmUp().load();
        if (load.isZero() || load.isNegative()) {
            readiness.warmedUp(millis);
            return;
        }
        int threadCount = config.warmUp().threads().orElse(Runtime.getRuntime().availableProcessors());
        List<Call> calls = exampleCalls(mapper, services);
        Thread loader = new Thread(() -> {
            MDC.put("requestId", "warm-up");
            SyntheticLoad.Result result = new SyntheticLoad(threadCount, load).run(() -> calls.get(ThreadLocalRandom.current().nextInt(calls.size())).send(mapper));
            long total = millis + result.elapsed().toMillis();
            readiness.warmedUp(total, 1 + result.calls());
            LOG.infof("Warmed up under synthetic load: %d calls in %d ms, %d a second at the end (%s); ready %d ms after the first call",
                    result.calls(), result.elapsed().toMillis(), result.lastRate(), result.stoppedBecause(), total);
            MDC.remove("requestId");
        }, "warm-up-load");
        loader.setDaemon(true);
        loader.start();
    }

    /** One example request, as bytes, and the service that answers its hook. */
    record Call(byte[] body, CdsService service) {
        void send(ObjectMapper mapper) {
            try {
                CdsRequest request = mapper.readValue(body, CdsRequest.class);
                mapper.writeValueAsBytes(service.call(request, request.contextString("patientId")).response());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The example requests on the class path (examples/, packaged as warm-up/), each with the service for its
     * hook: a patient-view call of every outcome, a Synthea record and an order-sign call; then the case tables'
     * requests. Missing files stop start-up: they are part of the build.
     */
    static List<Call> exampleCalls(ObjectMapper mapper, Instance<CdsService> services) {
        List<Call> calls = new ArrayList<>();
        for (String name : EXAMPLES) {
            try (InputStream in = open(name)) {
                calls.add(call(mapper, services, name, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read warm-up/" + name, e);
            }
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(open(CASES)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    calls.add(call(mapper, services, CASES, line.getBytes(StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read warm-up/" + CASES, e);
        }
        return calls;
    }

    private static InputStream open(String name) {
        InputStream in = WarmUp.class.getClassLoader().getResourceAsStream("warm-up/" + name);
        if (in == null) {
            throw new IllegalStateException("missing warm-up/" + name + " on the class path");
        }
        return in;
    }

    private static Call call(ObjectMapper mapper, Instance<CdsService> services, String name, byte[] body) {
        try {
            String hook = mapper.readTree(body).path("hook").asText();
            CdsService service = services.stream().filter(s -> s.descriptor().hook().equals(hook)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no service answers " + hook + " (warm-up/" + name + ")"));
            return new Call(body, service);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read warm-up/" + name, e);
        }
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
