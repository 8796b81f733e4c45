package org.retrowalk.cds.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.platform.LogCapture;

/**
 * Bad input never breaks the service: bounds on the JSON, and a seeded mutation fuzzer that sends thousands of
 * damaged requests to every endpoint. Every answer must be below 500 and free of stack traces.
 */
@QuarkusTest
class RobustnessTest {

    @jakarta.inject.Inject
    org.retrowalk.cds.record.CircuitBreakers breakers;

    static final String[] ENDPOINTS = {"/cds-services/backward-walking-patient-view", "/cds-services/backward-walking-order-sign",
            "/cds-services/backward-walking-order-select", "/prescriptions/$validate", "/cds-services/backward-walking-patient-view/feedback"};
    static final int MUTATED_REQUESTS = 2_500;

    @Test
    void deeplyNestedJsonIsRefused() {
        String nested = "[".repeat(500) + "]".repeat(500);
        String body = "{\"hook\":\"patient-view\",\"context\":{\"patientId\":\"p1\",\"deep\":" + nested + "}}";
        given().contentType("application/json").body(body).post(ENDPOINTS[0]).then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void anOversizedStringIsRefused() {
        String body = "{\"hook\":\"patient-view\",\"context\":{\"patientId\":\"" + "x".repeat(1_200_000) + "\"}}";
        given().contentType("application/json").body(body).post(ENDPOINTS[0]).then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void everyAnswerNamesItsRequest() {
        given().header("X-Request-Id", "ehr-request-7").contentType("application/json").body(ExampleRequests.recommend())
                .post(ENDPOINTS[0]).then().statusCode(200).header("X-Request-Id", "ehr-request-7");
        String made = given().contentType("application/json").body("{").post(ENDPOINTS[0]).then().statusCode(400).extract().header("X-Request-Id");
        assertTrue(made != null && made.length() == 36, "a request id is made when none is given: " + made);
    }

    @Test
    void aCallerThatHangsUpInTheMiddleOfItsBodyIsNoFailure() throws Exception {
        try (LogCapture log = new LogCapture()) {
            try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /cds-services/backward-walking-patient-view HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"hook\":\"patient-view\",\"context\":{").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!log.text().contains("closed the connection") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(log.text().contains("The caller closed the connection before its request was read"), log.text());
            assertFalse(log.text().contains("Unexpected failure"), "a hang-up is logged as what it is, not as our failure: " + log.text());
        }
    }

    @Test
    void corsPreflightAllowsTheEhrsHeaders() {
        given().header("Origin", "https://sandbox.cds-hooks.org").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options(ENDPOINTS[0]).then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://sandbox.cds-hooks.org")
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Headers", containsString("Content-Type"));
    }

    @Test
    void aBrowserEhrMayReadTheRequestIdAndTiming() {
        given().header("Origin", "https://sandbox.cds-hooks.org").get("/cds-services").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://sandbox.cds-hooks.org")
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"))
                .header("Access-Control-Expose-Headers", containsString("Server-Timing"))
                .header("Server-Timing", startsWith("total;dur="))
                .header("Timing-Allow-Origin", "https://sandbox.cds-hooks.org");
        given().get("/cds-services").then().statusCode(200).header("Timing-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    /**
     * The fuzzer's slice in the suite: a fixed seed, a few thousand inputs to every endpoint, query and form. bench/fuzz
     * runs the same fuzzer with 100,000 (retrowalk-test.fuzz.requests, retrowalk-test.fuzz.seed).
     */
    @Test
    void thousandsOfMutatedRequestsNeverBreakTheService() {
        int count = Integer.getInteger("retrowalk-test.fuzz.requests", MUTATED_REQUESTS);
        long seed = Long.getLong("retrowalk-test.fuzz.seed", 20261121L);
        long started = System.nanoTime();
        RequestFuzzer.Run run = new RequestFuzzer(seed).run(count, RobustnessTest::send);
        System.out.printf("RobustnessTest: %d fuzzed requests (seed %d) in %.1f s, statuses %s, %d behaviours, corpus %d, slowest answer %d ms%n",
                run.inputs(), seed, (System.nanoTime() - started) / 1e9, run.statuses(), run.behaviours(), run.corpus(), run.slowestMillis());
        assertEquals(count, run.statuses().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(run.failures().isEmpty(), run.failures().size() + " answers broke the contract, first: " + run.failures().stream().limit(5).toList());
        assertTrue(run.statuses().keySet().stream().anyMatch(s -> s == 200) && run.statuses().keySet().stream().anyMatch(s -> s == 400),
                "the inputs reach both the answers and the refusals: " + run.statuses());
    }

    /** An empty JSON body (the fuzzer found it left the caller waiting for ever) is refused at once. */
    @Test
    void anEmptyBodyIsRefusedAtOnce() {
        for (String path : List.of(RequestFuzzer.CDS_SERVICES.get(0), RequestFuzzer.VALIDATE_PATH, RequestFuzzer.FEEDBACK_PATH)) {
            long started = System.nanoTime();
            RequestFuzzer.Answer answer = send(new RequestFuzzer.Input("POST", path, "application/json", new byte[0], "cds"));
            assertEquals(400, answer.status(), path + ": " + answer.text());
            assertTrue(System.nanoTime() - started < 5_000_000_000L, path);
        }
    }

    /**
     * Sends an input as it is, over a socket of its own: an HTTP client would refuse or repair some of them (a
     * query with a bare '%', a space), and the service must meet them as a hostile caller sends them.
     */
    static RequestFuzzer.Answer send(RequestFuzzer.Input input) {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(input.method()).append(' ').append(input.path().replace(" ", "%20").replace("\r", "").replace("\n", ""))
                    .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            if ("POST".equals(input.method())) {
                head.append("Content-Type: ").append(input.contentType()).append("\r\nContent-Length: ").append(input.body().length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(input.body());
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = answer.startsWith("HTTP/1.") && answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : 0;
            int bodyAt = answer.indexOf("\r\n\r\n");
            String text = bodyAt < 0 ? "" : answer.substring(bodyAt + 4);
            return new RequestFuzzer.Answer(status == 0 ? 599 : status, text, RequestFuzzer.behaviour(text));
        } catch (java.io.IOException e) {
            return new RequestFuzzer.Answer(598, "no answer: " + e, "");
        }
    }

    /**
     * FHIR reading, fuzzed: a FHIR server answers one resource type's searches with a mutated Bundle of a Synthea
     * patient's resources, and the service reads the rest as usual. Every call is answered (200, or 412 when the
     * demographics or conditions are unreadable), never 5xx. bench/fuzz runs more (retrowalk-test.fuzz.answers).
     */
    @Test
    void mutatedFhirServerAnswersNeverBreakTheService() throws Exception {
        int count = Integer.getInteger("retrowalk-test.fuzz.answers", 150);
        Random random = new Random(Long.getLong("retrowalk-test.fuzz.seed", 20261121L));
        org.retrowalk.cds.fhir.server.FhirTestServer server = org.retrowalk.cds.fhir.server.FhirTestServer.get();
        ObjectMapper json = new ObjectMapper();
        RequestFuzzer mutator = new RequestFuzzer(random.nextLong());
        List<org.retrowalk.cds.fhir.server.TestPatients.TestPatient> patients = org.retrowalk.cds.fhir.server.TestPatients.synthea();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                var patient = patients.get(random.nextInt(patients.size()));
                List<String> types = patient.resources().stream().map(r -> r.fhirType()).distinct().sorted().toList();
                String type = types.get(random.nextInt(types.size()));
                org.hl7.fhir.r4.model.Bundle bundle = new org.hl7.fhir.r4.model.Bundle().setType(org.hl7.fhir.r4.model.Bundle.BundleType.SEARCHSET);
                patient.resources().stream().filter(r -> r.fhirType().equals(type)).forEach(r -> bundle.addEntry().setResource(r));
                JsonNode tree = json.readTree(org.retrowalk.cds.fhir.FhirContextProducer.jsonParser().encodeResourceToString(bundle));
                String body;
                if (random.nextInt(5) == 0) {
                    body = mutator.bytes(tree.toString());
                } else {
                    for (int m = 1 + random.nextInt(4); m > 0; m--) {
                        mutator.mutate(tree);
                    }
                    body = tree.toString();
                }
                server.clear();
                breakers.reset(); // unreadable answers for five patients open the breaker, and then nothing would be read
                server.fault(org.retrowalk.cds.fhir.server.FhirTestServer.Fault.answer(type, body.getBytes(StandardCharsets.UTF_8)));
                Response response = ServerCalls.post(ServerCalls.none(patient.id(), server.base(), org.retrowalk.cds.fhir.server.FhirTestServer.GOOD_TOKEN));
                statuses.merge(response.statusCode(), 1, Integer::sum);
                String answer = response.asString();
                if (response.statusCode() != 200 && response.statusCode() != 412 || answer.contains("at org.") || answer.contains("Exception")) {
                    failures.add(response.statusCode() + " for a mutated " + type + " answer: " + answer.substring(0, Math.min(300, answer.length())));
                }
            }
        } finally {
            server.clear();
            breakers.reset();
        }
        System.out.printf("RobustnessTest: %d mutated FHIR server answers in %.1f s, statuses %s%n", count, (System.nanoTime() - started) / 1e9, statuses);
        assertTrue(failures.isEmpty(), failures.size() + " answers broke the contract, first: " + failures.stream().limit(5).toList());
    }
}
