package org.retrowalk.cds.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.api.ExampleRequests;
import org.retrowalk.cds.record.CircuitBreakers;

/**
 * Health and metrics say what they claim: each metric is read before and after a call that must move it, on
 * the management port where the deployment's probes and Prometheus read them.
 */
@QuarkusTest
class OperationsEndpointsTest {

    private static final String PATIENT_VIEW = "/cds-services/backward-walking-patient-view";

    @Inject
    CircuitBreakers breakers;

    @AfterEach
    void closeBreakers() {
        breakers.reset();
    }

    static String management() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    @Test
    void livenessAndReadinessAreUpOnceWarm() {
        given().baseUri(management()).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().baseUri(management()).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(WarmUpCheck.NAME))
                .body("checks.find { it.name == '" + WarmUpCheck.NAME + "' }.data.rules", equalTo(27))
                .body("checks.find { it.name == '" + WarmUpCheck.NAME + "' }.data.ruleSetVersion", containsString("+"));
    }

    @Test
    void theImagesHealthCheckPassesAgainstAReadyServiceAndFailsWithoutOne() throws Exception {
        String port = management().substring(management().lastIndexOf(':') + 1);
        assertEquals(0, runHealthCheck(port), "ready service");
        int closed = org.retrowalk.cds.TestPorts.free();
        assertTrue(runHealthCheck(Integer.toString(closed)) != 0, "nothing listening");
    }

    @Test
    void theKubernetesProbesAskEndpointsThatAnswer() throws Exception {
        for (io.fabric8.kubernetes.api.model.apps.Deployment deployment : List.of(
                DeploymentFiles.YAML.readValue(DeploymentFiles.KUBERNETES.resolve("deployment.yaml").toFile(),
                        io.fabric8.kubernetes.api.model.apps.Deployment.class))) {
            var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            for (var probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                given().baseUri(management()).get(probe.getHttpGet().getPath()).then().statusCode(200);
            }
        }
    }

    private static int runHealthCheck(String port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(DeploymentFiles.healthCheckCommand()).redirectErrorStream(true);
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", port);
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the health check finished");
        return process.exitValue();
    }

    @Test
    void healthAndMetricsAreNotOnTheApiPort() {
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void anOpenCircuitBreakerShowsInWellnessAndItsGauge() {
        String base = "http://ehr.example.test:8443/fhir/r4";
        given().baseUri(management()).get("/q/health/well").then().statusCode(200).body("status", equalTo("UP"));
        for (int i = 0; i < 10; i++) {
            breakers.forBase(base).failure();
        }
        given().baseUri(management()).get("/q/health/well").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == '" + FhirServersCheck.NAME + "' }.data.circuitOpen", equalTo("http://ehr.example.test:8443"));
        // readiness is not affected: the service still answers, from the prefetch
        given().baseUri(management()).get("/q/health/ready").then().statusCode(200);
        assertEquals(2.0, metric("retrowalk_fhir_circuit_breaker_state", "server=\"http://ehr.example.test:8443\""));
        breakers.reset();
        assertEquals(0.0, metric("retrowalk_fhir_circuit_breaker_state", "server=\"http://ehr.example.test:8443\""));
        given().baseUri(management()).get("/q/health/well").then().statusCode(200);
    }

    @Test
    void callsNamingEverNewFhirServersCannotGrowTheBreakersWithoutBound() {
        int limit = ConfigProvider.getConfig().getOptionalValue("retrowalk.fhir.circuit-breaker.max-servers", Integer.class).orElse(1000);
        String cutOff = "http://down.example.test/fhir";
        for (int i = 0; i < 10; i++) {
            breakers.forBase(cutOff).failure();
        }
        for (int i = 0; i < limit + 50; i++) {
            breakers.forBase("http://ehr-" + i + ".example.test/fhir");
        }
        assertTrue(breakers.tracked() <= limit, "tracked " + breakers.tracked());
        assertEquals(List.of("http://down.example.test:80"), breakers.open(), "an open breaker is not forgotten");
    }

    @Test
    void aCallMovesTheCallCardAndRuleMetrics() {
        String call = "retrowalk_cds_calls_seconds_count";
        String tags = "hook=\"patient-view\",outcome=\"MODIFY\",service=\"backward-walking-patient-view\",status=\"200\"";
        double calls = metric(call, tags);
        double cards = metric("retrowalk_cds_cards_total", "outcome=\"MODIFY\",service=\"backward-walking-patient-view\"");
        double r41 = metric("retrowalk_rules_fired_total", "rule=\"R41\"");
        double r01 = metric("retrowalk_rules_fired_total", "rule=\"R01\"");

        given().contentType(ContentType.JSON).body(ExampleRequests.fresh("modify-one-fall-impaired-tug.json"))
                .post(PATIENT_VIEW).then().statusCode(200);

        assertEquals(calls + 1, metric(call, tags));
        assertEquals(cards + 1, metric("retrowalk_cds_cards_total", "outcome=\"MODIFY\",service=\"backward-walking-patient-view\""));
        assertEquals(r41 + 1, metric("retrowalk_rules_fired_total", "rule=\"R41\""));
        assertEquals(r01, metric("retrowalk_rules_fired_total", "rule=\"R01\""), "a rule that did not fire is not counted");
    }

    @Test
    void aCodeFromALocalSystemIsCountedBySystemWithoutTheCode() throws Exception {
        String series = "resource=\"Condition\",system=\"http://hospital.example/local-diagnoses\"";
        double before = metric("retrowalk_codes_unclassified_total", series);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode request = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(ExampleRequests.fresh("modify-one-fall-impaired-tug.json"));
        com.fasterxml.jackson.databind.node.ArrayNode entries = (com.fasterxml.jackson.databind.node.ArrayNode) request.path("prefetch").path("conditions").path("entry");
        entries.add(json.readTree("""
                {"resource":{"resourceType":"Condition","id":"local-1","subject":{"reference":"Patient/%s"},
                 "code":{"coding":[{"system":"http://hospital.example/local-diagnoses","code":"LD-4471","display":"Gonarthrose re"}]}}}"""
                .formatted(request.path("context").path("patientId").asText())));
        given().contentType(ContentType.JSON).body(request.toString()).post(PATIENT_VIEW).then().statusCode(200);
        assertEquals(before + 1, metric("retrowalk_codes_unclassified_total", series));
        String published = given().baseUri(management()).get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(published.contains("LD-4471") || published.contains("Gonarthrose"), "no code and no text in the metrics");
    }

    @Test
    void aRefusedCallIsCountedWithItsStatus() {
        String tags = "hook=\"other\",outcome=\"none\",service=\"backward-walking-patient-view\",status=\"400\"";
        double before = metric("retrowalk_cds_calls_seconds_count", tags);
        given().contentType(ContentType.JSON).body("{\"hook\":\"no such hook\"}").post(PATIENT_VIEW).then().statusCode(400);
        assertEquals(before + 1, metric("retrowalk_cds_calls_seconds_count", tags));
    }

    @Test
    void fhirQueriesAreCountedByResult() {
        String unreachable = "result=\"unreachable\"";
        String circuitOpen = "result=\"circuit_open\"";
        double unreachableBefore = metricSum("retrowalk_fhir_queries_total", unreachable);
        double circuitOpenBefore = metricSum("retrowalk_fhir_queries_total", circuitOpen);
        DoubleSupplier conditions = () -> metric("retrowalk_fhir_queries_total", "query=\"conditions\",result=\"unreachable\"")
                + metric("retrowalk_fhir_queries_total", "query=\"conditions\",result=\"circuit_open\"");
        double conditionsBefore = conditions.getAsDouble();
        // a server of its own (port 9, nothing listens): another test's calls must not have opened its breaker already
        String body = unreachableFhirServerCall(9);
        given().contentType(ContentType.JSON).body(body).post(PATIENT_VIEW).then().statusCode(412);
        // The nine queries (some of several searches) run in parallel and are all refused: each is counted unreachable,
        // and the call counts once against the server (its breaker opens after the threshold of such calls).
        assertEquals(9.0, metricSum("retrowalk_fhir_queries_total", unreachable) - unreachableBefore, "every query counted once, as unreachable");
        assertEquals(conditionsBefore + 1, conditions.getAsDouble(), "counted under its query");
        assertEquals(0.0, metric("retrowalk_fhir_circuit_breaker_state", "server=\"http://127.0.0.1:9\""), "one call does not open the breaker");
        int threshold = ConfigProvider.getConfig().getOptionalValue("retrowalk.fhir.circuit-breaker.failure-threshold", Integer.class).orElse(5);
        for (int i = 1; i < threshold; i++) {
            given().contentType(ContentType.JSON).body(unreachableFhirServerCall(9)).post(PATIENT_VIEW).then().statusCode(412);
        }
        given().contentType(ContentType.JSON).body(unreachableFhirServerCall(9)).post(PATIENT_VIEW).then().statusCode(412);
        assertEquals(9.0, metricSum("retrowalk_fhir_queries_total", circuitOpen) - circuitOpenBefore,
                "once open, the next call's nine queries are not asked");
        assertEquals(2.0, metric("retrowalk_fhir_circuit_breaker_state", "server=\"http://127.0.0.1:9\""), "the breaker is open");
    }

    @Test
    void feedbackIsCountedAsStoredThenAsDuplicate() {
        String feedback = acceptedCard();
        String stored = "outcome=\"accepted\",result=\"stored\",service=\"backward-walking-patient-view\"";
        String duplicate = "outcome=\"accepted\",result=\"duplicate\",service=\"backward-walking-patient-view\"";
        double storedBefore = metric("retrowalk_feedback_entries_total", stored);
        double duplicateBefore = metric("retrowalk_feedback_entries_total", duplicate);
        given().contentType(ContentType.JSON).body(feedback).post(PATIENT_VIEW + "/feedback").then().statusCode(200);
        given().contentType(ContentType.JSON).body(feedback).post(PATIENT_VIEW + "/feedback").then().statusCode(200);
        assertEquals(storedBefore + 1, metric("retrowalk_feedback_entries_total", stored));
        assertEquals(duplicateBefore + 1, metric("retrowalk_feedback_entries_total", duplicate));
    }

    @Test
    void everyMetricTheAlertsAndTheDocsNameIsPublished() throws Exception {
        given().contentType(ContentType.JSON).body(ExampleRequests.fresh("modify-one-fall-impaired-tug.json")).post(PATIENT_VIEW).then().statusCode(200);
        given().contentType(ContentType.JSON).body(unreachableFhirServerCall())
                .post(PATIENT_VIEW).then().statusCode(412);
        String feedback = acceptedCard();
        given().contentType(ContentType.JSON).body(feedback).post(PATIENT_VIEW + "/feedback").then().statusCode(200);
        String published = given().baseUri(management()).get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.Set<String> named = new java.util.TreeSet<>();
        for (java.nio.file.Path file : List.of(java.nio.file.Path.of("docker", "prometheus", "alerts.yml"), java.nio.file.Path.of("docs", "operations.md"))) {
            Matcher m = Pattern.compile("\\bretrowalk_[a-z_]+").matcher(java.nio.file.Files.readString(file));
            while (m.find()) {
                named.add(m.group());
            }
        }
        assertTrue(named.size() >= 10, "names found: " + named);
        List<String> missing = named.stream().filter(name -> !published.contains(name)).toList();
        assertTrue(missing.isEmpty(), "named in alerts.yml or operations.md but not published: " + missing);
    }

    @Test
    void theAuditTrailsCountsArePublished() {
        String published = given().baseUri(management()).get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(published.contains("\nretrowalk_audit_records_lost_total "), "lost records, from the start");
        assertTrue(published.contains("\nretrowalk_audit_records_waiting "), "records waiting");
        assertTrue(published.contains("\nretrowalk_audit_records_written_total "), "records written");
    }

    @Test
    void jvmAndHttpMetricsArePublishedToo() {
        String metrics = given().baseUri(management()).get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(true, metrics.contains("jvm_memory_used_bytes"), "JVM memory");
        assertEquals(true, metrics.contains("http_server_requests_seconds"), "HTTP server timings");
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("retrowalk-cds"))
                .body("paths.keySet()", hasItem("/cds-services"))
                .body("paths.keySet()", hasItem("/cds-services/{id}"))
                .body("paths.keySet()", hasItem("/cds-services/{id}/feedback"))
                .body("paths.keySet()", hasItem("/governance/report"))
                .body("paths.'/cds-services/{id}'.post.tags", hasItem("CDS Hooks"))
                .body("paths.'/cds-services/{id}'.post.description", containsString("412"))
                .body("components.securitySchemes.ehrJwt.scheme", equalTo("bearer"))
                // HAPI's model classes are described as FHIR resources, not as a tree of Java types
                .body("components.schemas.keySet()", hasItem("FhirResource"))
                .body("components.schemas.keySet()", org.hamcrest.Matchers.not(hasItem("GregorianCalendar")));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    /** A patient-view call without prefetch whose fhirServer refuses every connection: each query unread. */
    private static String unreachableFhirServerCall() {
        return unreachableFhirServerCall(1);
    }

    private static String unreachableFhirServerCall(int port) {
        return ExampleRequests.fresh("recommend-55-year-old.json")
                .replaceFirst("\"prefetch\"\\s*:", "\"fhirServer\": \"http://127.0.0.1:" + port + "/fhir\", \"ignoredPrefetch\":");
    }

    /** Feedback accepting a new card. */
    private static String acceptedCard() {
        return "{\"feedback\":[{\"card\":\"" + UUID.randomUUID() + "\",\"outcome\":\"accepted\","
                + "\"acceptedSuggestions\":[{\"id\":\"" + UUID.randomUUID() + "\"}],\"outcomeTimestamp\":\"2026-11-21T10:00:00Z\"}]}";
    }

    /** The sum of a metric's samples whose tags contain the given ones, 0 when there is none yet. */
    static double metricSum(String name, String tags) {
        return samples(name, tags).stream().mapToDouble(Double::doubleValue).sum();
    }

    /** A sample's value from the Prometheus text, 0 when the series does not exist yet. */
    static double metric(String name, String tags) {
        return samples(name, tags).stream().findFirst().orElse(0.0);
    }

    private static List<Double> samples(String name, String tags) {
        String text = given().baseUri(management()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(text);
        List<Double> values = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains(tags)) {
                values.add(Double.parseDouble(m.group(2)));
            }
        }
        return values;
    }
}
