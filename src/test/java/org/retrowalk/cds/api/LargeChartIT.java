package org.retrowalk.cds.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.TestPorts;
import org.retrowalk.cds.audit.FeedbackDurabilityIT;
import org.retrowalk.cds.fhir.server.FhirTestServer;
import org.retrowalk.cds.fhir.server.FhirTestServer.Fault;
import org.retrowalk.cds.fhir.server.LargeCharts;
import org.retrowalk.cds.fhir.server.PatientRecordProvider;
import org.retrowalk.cds.fhir.server.TestPatients;

/**
 * One huge chart never takes the service down: the packaged service, with the container image's heap settings
 * (SerialGC, 256 MB, exit on OutOfMemoryError), reads a FHIR server that answers every Observation search with
 * 11 MB and then 50 MB in one Bundle (a server ignoring _count). Twenty calls in a row, and then a crowd of calls on
 * pages just under the page limit (read and parsed whole): every call is answered, within the deadline plus a
 * small margin, with the observations unread and said so, and the service is up for the next patient. A separate
 * process because an OutOfMemoryError ending the JVM is what is tested.
 */
class LargeChartIT {

    static final ObjectMapper JSON = new ObjectMapper();
    /** retrowalk.fhir.deadline's default. */
    static final long DEADLINE_MILLIS = 1_500;
    /** What a call may take beyond the deadline: its own work after the read (rules, cards), on a loaded two-core machine. */
    static final long MARGIN_MILLIS = 1_000;

    static FhirTestServer server;
    static Process service;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = FhirTestServer.get();
        port = TestPorts.free();
        service = FeedbackDurabilityIT.startLikeTheImage("large-chart-it", port, TestPorts.free());
    }

    @AfterAll
    static void stop() throws Exception {
        server.clear();
        if (service != null) {
            service.destroy();
            service.waitFor();
        }
    }

    @Test
    void hugeAnswersAreCutOffAndTheServiceStaysUp() throws Exception {
        for (long size : List.of(11_000_000L, 50_000_000L)) {
            byte[] body = LargeCharts.observations(PatientRecordProvider.HUGE_PATIENT, size);
            server.clear();
            server.fault(Fault.answer("Observation", body));
            long slowest = 0;
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                HttpResponse<String> answer = call(PatientRecordProvider.HUGE_PATIENT);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(service.isAlive(), "the service is up after a " + body.length + "-byte answer");
                JsonNode card = JSON.readTree(answer.body()).get("cards").get(0);
                assertTrue(card.get("detail").asText().contains("answered with more than the service reads"), card.toString());
                JsonNode decision = card.get("extension").get("org.retrowalk.decision");
                assertFalse(decision.get("dataComplete").asBoolean());
                assertTrue(decision.get("unreadSources").toString().contains("observations"), decision.toString());
                assertTrue(fhirMillis(answer) <= DEADLINE_MILLIS + 100, "the read ends by the deadline: " + answer.headers().firstValue("Server-Timing"));
                assertTrue(millis <= DEADLINE_MILLIS + MARGIN_MILLIS, body.length + " bytes answered in " + millis + " ms");
                slowest = Math.max(slowest, millis);
            }
            System.out.printf("LargeChartIT: Observation answers of %d bytes: 10 calls, slowest %d ms%n", body.length, slowest);
        }
        server.clear();
        TestPatients.TestPatient next = TestPatients.all().get(0);
        HttpResponse<String> normal = call(next.id());
        assertEquals(200, normal.statusCode(), normal.body());
        assertTrue(JSON.readTree(normal.body()).get("cards").get(0).get("extension").get("org.retrowalk.decision").get("dataComplete").asBoolean());
    }

    /**
     * Pages just under the page limit are read and parsed whole; eight calls at once, each with several of them,
     * would hold far more than the heap without the bytes-in-flight bound. Every call is answered (parts over the
     * bound unread: "too many queries in flight"), and none waits past the deadline.
     */
    @Test
    void aCrowdOfLargeChartsIsAnsweredWithinTheHeap() throws Exception {
        server.clear();
        server.fault(Fault.answer("Observation", LargeCharts.observations(PatientRecordProvider.HUGE_PATIENT, 3_900_000)));
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                results.add(clients.submit(() -> {
                    long worst = 0;
                    for (int i = 0; i < 5; i++) {
                        long started = System.nanoTime();
                        HttpResponse<String> answer = call(PatientRecordProvider.HUGE_PATIENT);
                        worst = Math.max(worst, (System.nanoTime() - started) / 1_000_000);
                        if (answer.statusCode() != 200) {
                            throw new AssertionError(answer.statusCode() + " " + answer.body());
                        }
                    }
                    return new long[] {200, worst};
                }));
            }
            long slowest = 0;
            for (Future<long[]> result : results) {
                long[] outcome = result.get();
                assertEquals(200, outcome[0]);
                assertTrue(outcome[1] <= DEADLINE_MILLIS + 2 * MARGIN_MILLIS, "slowest of a client's calls: " + outcome[1] + " ms");
                slowest = Math.max(slowest, outcome[1]);
            }
            System.out.printf("LargeChartIT: 8 clients x 5 calls, pages of 3.9 MB: slowest %d ms%n", slowest);
        } finally {
            clients.shutdownNow();
        }
        assertTrue(service.isAlive(), "the service is up");
    }

    static HttpResponse<String> call(String patientId) throws Exception {
        String body = ServerCalls.none(patientId, server.base(), FhirTestServer.GOOD_TOKEN).toString();
        // a client of its own per call: a connection left by another test's interrupted client is never reused
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ServerCalls.SERVICE)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The service's own account of its FHIR read (Server-Timing "fhir;dur=..."). */
    static long fhirMillis(HttpResponse<String> answer) {
        String timing = answer.headers().firstValue("Server-Timing").orElse("");
        Matcher fhir = Pattern.compile("fhir;dur=(\\d+)").matcher(timing);
        return fhir.find() ? Long.parseLong(fhir.group(1)) : Long.MAX_VALUE;
    }
}
