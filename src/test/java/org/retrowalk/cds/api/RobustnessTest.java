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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    static final String[] ENDPOINTS = {"/cds-services/backward-walking-patient-view", "/cds-services/backward-walking-order-sign",
            "/cds-services/backward-walking-order-select", "/prescriptions/$validate", "/cds-services/backward-walking-patient-view/feedback"};
    static final String FEEDBACK_SEED = "{\"feedback\":[{\"card\":\"6f3c1f0e-2b1a-4c3d-9e8f-0a1b2c3d4e5f\",\"outcome\":\"accepted\","
            + "\"acceptedSuggestions\":[{\"id\":\"7a4d2e1f-3c2b-4d4e-8f9a-1b2c3d4e5f60\"}],\"outcomeTimestamp\":\"2026-11-21T10:00:00Z\"},"
            + "{\"card\":\"8b5e3f2a-4d3c-4e5f-9a0b-2c3d4e5f6a7b\",\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":{\"system\":"
            + "\"http://retrowalk.org/fhir/CodeSystem/override-reason\",\"code\":\"patient-preference\"},\"userComment\":\"x\"},"
            + "\"outcomeTimestamp\":\"2026-11-21T10:01:00+01:00\"}]}";
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

    @Test
    void thousandsOfMutatedRequestsNeverBreakTheService() throws Exception {
        Random random = new Random(20261121L);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> seeds = new ArrayList<>();
        try (var files = Files.list(Path.of("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.endsWith("expected.json")).sorted().toList()) {
                seeds.add(json.readTree(f.toFile()));
            }
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        JsonNode feedbackSeed = json.readTree(FEEDBACK_SEED);
        for (int i = 0; i < MUTATED_REQUESTS; i++) {
            String endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
            JsonNode seed = (endpoint.endsWith("/feedback") && random.nextInt(4) > 0 ? feedbackSeed : seeds.get(random.nextInt(seeds.size()))).deepCopy();
            String body;
            if (random.nextInt(5) == 0) {
                body = bytes(seed.toString(), random);
            } else {
                for (int m = 1 + random.nextInt(3); m > 0; m--) {
                    mutate(seed, random);
                }
                body = seed.toString();
            }
            String type = random.nextInt(20) == 0 ? "text/plain" : random.nextInt(10) == 0 ? "application/fhir+json" : "application/json";
            Response response = given().contentType(type).body(body.getBytes(StandardCharsets.UTF_8)).post(endpoint);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String answer = response.asString();
            if (response.statusCode() >= 500 || answer.contains("at org.") || answer.contains("Exception")) {
                failures.add(response.statusCode() + " from " + endpoint + ": " + answer.substring(0, Math.min(300, answer.length())));
            }
        }
        System.out.println("RobustnessTest: " + MUTATED_REQUESTS + " mutated requests, statuses " + statuses);
        assertEquals(MUTATED_REQUESTS, statuses.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(failures.isEmpty(), failures.size() + " answers broke the contract, first: " + failures.stream().limit(5).toList());
        assertFalse(statuses.keySet().stream().anyMatch(s -> s >= 500));
    }

    /** Replaces, removes or retypes one node somewhere in the tree. */
    static void mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(3)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(name, randomValue(random));
                default -> object.set(name + "_" + random.nextInt(9), randomValue(random));
            }
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            int index = random.nextInt(array.size());
            if (random.nextBoolean()) {
                array.remove(index);
            } else {
                array.set(index, randomValue(random));
            }
        }
    }

    static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    static JsonNode randomValue(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(10)) {
            case 0 -> f.nullNode();
            case 1 -> f.numberNode(random.nextLong());
            case 2 -> f.numberNode(-random.nextDouble() * 1e6);
            case 3 -> f.booleanNode(random.nextBoolean());
            case 4 -> f.textNode("");
            case 5 -> f.textNode("Patient/../../" + random.nextInt());
            case 6 -> f.objectNode().put("resourceType", List.of("Bundle", "Patient", "Observation", "OperationOutcome", "Nope").get(random.nextInt(5)));
            case 7 -> f.arrayNode().add(f.objectNode()).add(f.numberNode(1));
            case 8 -> f.textNode("x".repeat(random.nextInt(5000)));
            default -> f.textNode("\u0000\uD800" + random.nextInt());
        };
    }

    /** Truncates, cuts out or overwrites bytes of the serialized request. */
    static String bytes(String text, Random random) {
        StringBuilder b = new StringBuilder(text);
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            if (b.length() == 0) {
                break;
            }
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0 -> b.setLength(at);
                case 1 -> b.delete(at, Math.min(b.length(), at + random.nextInt(40)));
                default -> b.setCharAt(at, (char) (32 + random.nextInt(95)));
            }
        }
        return b.toString();
    }
}
