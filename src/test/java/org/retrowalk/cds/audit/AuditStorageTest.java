package org.retrowalk.cds.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.scheduler.Scheduler;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.retrowalk.cds.api.ExampleRequests;

/**
 * The audit trail, feedback and the governance report against a real database. Subclasses run the same
 * cases on the embedded H2 database and on PostgreSQL.
 */
abstract class AuditStorageTest {

    static final String PATIENT_VIEW = "/cds-services/backward-walking-patient-view";
    static final String ORDER_SIGN = "/cds-services/backward-walking-order-sign";
    static final String OURS = "http://retrowalk.org/fhir/CodeSystem/override-reason";

    @Inject
    Database database;

    @Inject
    AuditTrail trail;

    @Inject
    PatientHasher hasher;

    @Inject
    Retention retention;

    @Inject
    Scheduler scheduler;

    /** embedded or postgresql: the database the subclass means to test, checked so that a fallback cannot pass unseen. */
    abstract String expectedDatabase();

    @Test
    void theIntendedDatabaseIsInUse() throws SQLException {
        assertEquals(expectedDatabase(), database.kind());
        try (Connection c = database.connection()) {
            assertTrue(c.getMetaData().getDatabaseProductName().toLowerCase().contains(expectedDatabase().equals("embedded") ? "h2" : "postgresql"));
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        KnownAuditTrail.empty(database, trail);
    }

    // ---- the audit record of a call

    @Test
    void everyAnsweredCallLeavesOneRecordWithItsDecisionAndCardsButNoPatientId() throws SQLException {
        String body = ExampleRequests.fresh("modify-one-fall-impaired-tug.json");
        String hookInstance = JsonPath.from(body).getString("hookInstance");
        JsonPath answer = call(PATIENT_VIEW, body);
        String cardUuid = answer.getString("cards[0].uuid");
        List<String> suggestionUuids = answer.getList("cards[0].suggestions.uuid");
        flush();

        List<Map<String, Object>> calls = rows("SELECT * FROM audit_call");
        assertEquals(1, calls.size());
        Map<String, Object> call = calls.get(0);
        assertEquals("backward-walking-patient-view", call.get("service_id"));
        assertEquals("patient-view", call.get("hook"));
        assertEquals(hookInstance, call.get("hook_instance"));
        assertEquals(hasher.hash("ex-modify"), call.get("patient_hash"));
        assertEquals(64, ((String) call.get("patient_hash")).length());
        assertEquals("MODIFY", call.get("outcome"));
        assertEquals("R41 R42", call.get("rules_fired"));
        assertEquals(Boolean.TRUE, call.get("data_complete"));
        assertEquals(200, ((Number) call.get("http_status")).intValue());
        assertTrue(((Number) call.get("latency_micros")).longValue() > 0);
        assertTrue(call.get("rule_set_version").toString().startsWith("1."));
        for (Object value : call.values()) {
            assertFalse(String.valueOf(value).contains("ex-modify"), "the patient id itself is never stored");
        }

        List<Map<String, Object>> cards = rows("SELECT * FROM audit_card");
        assertEquals(1, cards.size());
        assertEquals(cardUuid, cards.get(0).get("card_uuid").toString());
        assertEquals("warning", cards.get(0).get("indicator"));
        assertEquals("MODIFY", cards.get(0).get("outcome"));
        assertEquals(String.join(" ", suggestionUuids), cards.get(0).get("suggestion_uuids"));
        assertEquals(List.of("R41", "R42"), rows("SELECT rule_id FROM audit_card_rule ORDER BY rule_id").stream().map(r -> r.get("rule_id")).toList());
    }

    @Test
    void aSilentAnswerAndRefusedCallsAreAuditedToo() throws SQLException {
        call(PATIENT_VIEW, ExampleRequests.fresh("no-card-hip-osteoarthritis.json"));
        given().contentType(ContentType.JSON).body(ExampleRequests.fresh("recommend-55-year-old.json").replaceFirst("\"hookInstance\": \"[^\"]+\"", "\"hookInstance\": \"not-a-uuid\""))
                .post(PATIENT_VIEW).then().statusCode(400);
        // no prefetch and no fhirServer: 412, and the patient is known
        given().contentType(ContentType.JSON).body("{\"hook\":\"patient-view\",\"hookInstance\":\"" + UUID.randomUUID()
                + "\",\"context\":{\"patientId\":\"p-412\"}}").post(PATIENT_VIEW).then().statusCode(412);
        flush();
        List<Map<String, Object>> calls = rows("SELECT * FROM audit_call ORDER BY http_status");
        assertEquals(3, calls.size());
        assertEquals("NO_CARD", calls.get(0).get("outcome"));
        assertEquals(0L, count("SELECT COUNT(*) FROM audit_card"));
        assertEquals(400, ((Number) calls.get(1).get("http_status")).intValue());
        assertNull(calls.get(1).get("hook_instance"), "a malformed hookInstance is not stored");
        assertNull(calls.get(1).get("outcome"));
        assertEquals(412, ((Number) calls.get(2).get("http_status")).intValue());
        assertEquals(hasher.hash("p-412"), calls.get(2).get("patient_hash"));
    }

    @Test
    void orderSignCardsAreAuditedWithTheirDecision() throws SQLException {
        JsonPath answer = call(ORDER_SIGN, ExampleRequests.fresh("order-sign-missing-safety-measures.json"));
        flush();
        assertEquals(answer.getList("cards").size(), (int) count("SELECT COUNT(*) FROM audit_card"));
        assertEquals("backward-walking-order-sign", rows("SELECT service_id FROM audit_call").get(0).get("service_id"));
    }

    @Test
    void patientHashesAreKeyedNotPlain() {
        assertEquals(hasher.hash("ex-modify"), hasher.hash("ex-modify"));
        assertFalse(hasher.hash("ex-modify").equals(hasher.hash("ex-modifz")));
        assertFalse(hasher.hash("ex-modify").equals(sha256("ex-modify")), "a plain hash of a guessable id would reveal it");
    }

    // ---- feedback

    static Stream<Arguments> badFeedback() {
        String card = UUID.randomUUID().toString();
        String suggestion = UUID.randomUUID().toString();
        String at = "\"outcomeTimestamp\":\"2026-11-21T10:00:00Z\"";
        StringBuilder many = new StringBuilder("{\"feedback\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i > 0 ? "," : "").append("{\"card\":\"").append(UUID.randomUUID()).append("\",\"outcome\":\"overridden\",").append(at).append('}');
        }
        many.append("]}");
        return Stream.of(
                Arguments.of("[]", "must be a JSON object"),
                Arguments.of("{}", "Field 'feedback' must be an array"),
                Arguments.of("{\"feedback\":[]}", "Field 'feedback' is empty"),
                Arguments.of(many.toString(), "more than 100 entries"),
                Arguments.of("{\"feedback\":[{\"outcome\":\"overridden\"," + at + "}]}", "'feedback[0].card' is required"),
                Arguments.of("{\"feedback\":[{\"card\":\"card-1\",\"outcome\":\"overridden\"," + at + "}]}", "'feedback[0].card' must be the uuid"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"ignored\"," + at + "}]}", "'feedback[0].outcome' must be 'accepted' or 'overridden'"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\"}]}", "'feedback[0].outcomeTimestamp' is required"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-11-21 10:00\"}]}", "'feedback[0].outcomeTimestamp' must be an ISO-8601"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-11-21T10:00:00\"}]}", "with a zone"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"accepted\"," + at + "}]}", "'feedback[0].acceptedSuggestions' is required"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"x\"}]," + at + "}]}", "'feedback[0].acceptedSuggestions[0].id' must be the uuid"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"" + suggestion + "\"}],\"overrideReason\":{\"userComment\":\"x\"}," + at + "}]}", "'feedback[0].overrideReason' belongs to an overridden card"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"acceptedSuggestions\":[{\"id\":\"" + suggestion + "\"}]," + at + "}]}", "'feedback[0].acceptedSuggestions' belongs to an accepted card"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":{\"code\":\"x\"}}," + at + "}]}", "'feedback[0].overrideReason.reason.system' is required"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":{\"system\":\"" + OURS + "\",\"code\":\"because\"}}," + at + "}]}", "is not one of the override reasons this service offers"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"overrideReason\":{\"userComment\":\"" + "x".repeat(2001) + "\"}," + at + "}]}", "'feedback[0].overrideReason.userComment' is longer than 2000"),
                Arguments.of("{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\"," + at + "}, 7]}", "'feedback[1]' must be a JSON object"));
    }

    @ParameterizedTest
    @MethodSource("badFeedback")
    void badFeedbackIsRefusedWholeNamingTheField(String body, String message) throws SQLException {
        given().contentType(ContentType.JSON).body(body).post(PATIENT_VIEW + "/feedback").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].diagnostics", containsString(message));
        assertEquals(0L, count("SELECT COUNT(*) FROM feedback"));
    }

    @Test
    void feedbackForAnUnknownServiceIs404() {
        given().contentType(ContentType.JSON).body(feedback(overridden(UUID.randomUUID().toString(), "2026-11-21T10:00:00Z", null, null)))
                .post("/cds-services/no-such-service/feedback").then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void aRepeatedEntryIsStoredOnceAndADifferentActOnTheSameCardIsKept() throws SQLException {
        String card = UUID.randomUUID().toString();
        String suggestion = UUID.randomUUID().toString();
        String body = feedback(overridden(card, "2026-11-21T10:00:00Z", "supervised-setting", "Physio present"),
                accepted(card, "2026-11-21T10:05:00+01:00", suggestion));
        postFeedback(PATIENT_VIEW, body).body("received", equalTo(2)).body("stored", equalTo(2)).body("duplicates", equalTo(0));
        postFeedback(PATIENT_VIEW, body).body("received", equalTo(2)).body("stored", equalTo(0)).body("duplicates", equalTo(2));
        // the same moment written in another zone is the same act
        postFeedback(PATIENT_VIEW, feedback(accepted(card, "2026-11-21T09:05:00Z", suggestion))).body("duplicates", equalTo(1));
        // a repeat inside one request
        String later = overridden(card, "2026-11-21T11:00:00Z", null, null);
        postFeedback(PATIENT_VIEW, feedback(later, later)).body("stored", equalTo(1)).body("duplicates", equalTo(1));
        assertEquals(3L, count("SELECT COUNT(*) FROM feedback"));

        Map<String, Object> stored = rows("SELECT * FROM feedback WHERE reason_code = 'supervised-setting'").get(0);
        assertEquals(OURS, stored.get("reason_system"));
        assertEquals("Will be done in a supervised setting", stored.get("reason_display"), "our display, whatever the EHR sent");
        assertEquals("Physio present", stored.get("user_comment"));
        assertEquals("backward-walking-patient-view", stored.get("service_id"));
    }

    // ---- the governance report on a known set of calls

    @Test
    void theReportCountsCardsAndResponsesByOutcomeRuleAndService() throws SQLException {
        KnownAuditTrail.seed();
        flush();

        JsonPath report = given().get("/governance/report").then().statusCode(200).extract().jsonPath();
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), report.getString("to"));
        assertEquals(8, report.getInt("calls.total"));
        assertEquals(7, report.getInt("calls.byStatus.200"));
        assertEquals(1, report.getInt("calls.byStatus.400"));
        assertEquals(1, report.getInt("calls.byOutcome.NO_CARD"));
        assertEquals(3, report.getInt("calls.byOutcome.MODIFY"));
        assertEquals(0, report.getInt("calls.dataIncomplete"));

        Map<String, Object> modifyRow = group(report, "byOutcome", "MODIFY");
        assertEquals(3, modifyRow.get("cardsShown"));
        assertEquals(2, modifyRow.get("accepted"));
        assertEquals(2, modifyRow.get("overridden"));
        assertEquals(List.of(Map.of("cards", 1),
                        Map.of("system", OURS, "code", "supervised-setting", "display", "Will be done in a supervised setting", "cards", 1)),
                sortedReasons(modifyRow));
        Map<String, Object> againstRow = group(report, "byOutcome", "ADVISE_AGAINST");
        assertEquals(2, againstRow.get("cardsShown"));
        assertEquals(0, againstRow.get("accepted"));
        assertEquals(1, againstRow.get("overridden"), "the repeated override counts once");
        assertEquals(1, group(report, "byOutcome", "RECOMMEND").get("cardsShown"));

        assertEquals(3, group(report, "byRule", "R41").get("cardsShown"));
        assertEquals("one non-injurious fall, fear of falling or feeling unsteady", group(report, "byRule", "R41").get("label"),
                "a rule is labelled with its name in the rule base");
        assertEquals(2, group(report, "byRule", "R42").get("accepted"));
        assertEquals(2, group(report, "byRule", "R10").get("cardsShown"));
        assertEquals(1, group(report, "byRule", "R10").get("overridden"));
        assertEquals(1, group(report, "byRule", "R50").get("cardsShown"));
        assertEquals(6, group(report, "byService", "backward-walking-patient-view").get("cardsShown"));

        assertEquals(List.of(Map.of("resourceType", "Condition", "system", "http://hospital.example/local-diagnoses", "codes", 2, "calls", 1)),
                report.getList("unclassifiedCodes"), "coded facts the service could not classify, by system, without codes");
        assertEquals(2, report.getInt("feedback.accepted"));
        assertEquals(4, report.getInt("feedback.overridden"));
        assertEquals(1, report.getInt("feedback.forUnknownCards"));

        String csv = given().queryParam("format", "csv").get("/governance/report").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("dimension,key,label,cards_shown,accepted,overridden,overridden_supervised_setting,overridden_benefit_outweighs_risk,"
                + "overridden_data_not_current,overridden_patient_preference,overridden_not_applicable,overridden_measures_in_place,overridden_other_reason,overridden_no_reason,"
                + "unclassified_coded_facts,unclassified_in_calls", lines[0]);
        assertEquals("outcome,MODIFY,Recommend with safety measures,3,2,2,1,0,0,0,0,0,0,1,,",
                Stream.of(lines).filter(l -> l.startsWith("outcome,MODIFY,")).findFirst().orElseThrow());
        assertTrue(Stream.of(lines).anyMatch(l -> l.startsWith("rule,R41,") && l.endsWith(",3,2,2,1,0,0,0,0,0,0,1,,")), csv);
        List<String> unclassified = new ArrayList<>(List.of("unclassified_codes", "Condition", "http://hospital.example/local-diagnoses"));
        unclassified.addAll(java.util.Collections.nCopies(11, ""));
        unclassified.addAll(List.of("2", "1"));
        assertTrue(Stream.of(lines).anyMatch(l -> l.equals(String.join(",", unclassified))), csv);
        assertFalse(csv.contains("LD-4471"), "no local code in the report");
        // Accept: text/csv works as well as ?format=csv
        given().accept("text/csv").get("/governance/report").then().statusCode(200).contentType(containsString("text/csv"));

        // a period without today's calls
        LocalDate lastYear = LocalDate.now(ZoneOffset.UTC).minusYears(1);
        given().queryParam("from", lastYear.minusDays(10).toString()).queryParam("to", lastYear.toString()).get("/governance/report")
                .then().statusCode(200).body("calls.total", equalTo(0)).body("byOutcome.size()", equalTo(0));

        JsonPath overrides = given().queryParam("outcome", "overridden").get("/governance/feedback").then().statusCode(200).extract().jsonPath();
        assertEquals(4, overrides.getInt("count"));
        assertEquals("MODIFY", overrides.getString("entries.find { it.reasonCode == 'supervised-setting' }.cardOutcome"));
        assertEquals(List.of("R41", "R42"), overrides.getList("entries.find { it.reasonCode == 'supervised-setting' }.rules"));
        assertNull(overrides.get("entries.find { it.card == null }"));
        String feedbackCsv = given().queryParam("format", "csv").get("/governance/feedback").then().statusCode(200).extract().asString();
        assertTrue(feedbackCsv.contains(",\"'=HYPERLINK(\"\"x\"\"), not today\""), "a formula-looking comment is defused and quoted: " + feedbackCsv);
        assertEquals(7, feedbackCsv.split("\r\n").length, "a header and six stored entries");
    }

    /** The request with two more conditions coded only in a hospital's local code system. */
    static String withLocalDiagnoses(String body) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode request = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(body);
            com.fasterxml.jackson.databind.node.ArrayNode entries = (com.fasterxml.jackson.databind.node.ArrayNode) request.path("prefetch").path("conditions").path("entry");
            for (String code : List.of("LD-4471", "LD-0012")) {
                entries.add(json.readTree("""
                        {"resource":{"resourceType":"Condition","id":"%s","subject":{"reference":"Patient/%s"},
                         "code":{"coding":[{"system":"http://hospital.example/local-diagnoses","code":"%s"}]}}}"""
                        .formatted(code, request.path("context").path("patientId").asText(), code)));
            }
            return request.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badReportParametersGet400() {
        given().queryParam("from", "2026-13-01").get("/governance/report").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("'from' must be a date"));
        given().queryParam("from", "2026-11-02").queryParam("to", "2026-11-01").get("/governance/report").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("'from' is after 'to'"));
        given().queryParam("format", "xml").get("/governance/report").then().statusCode(400);
        given().queryParam("outcome", "ignored").get("/governance/feedback").then().statusCode(400);
        given().queryParam("limit", "0").get("/governance/feedback").then().statusCode(400);
    }

    // ---- retention

    @Test
    void retentionDeletesCallsCardsAndFeedbackOlderThanThePeriod() throws SQLException {
        String card = call(PATIENT_VIEW, ExampleRequests.fresh("modify-one-fall-impaired-tug.json")).getString("cards[0].uuid");
        postFeedback(PATIENT_VIEW, feedback(overridden(card, "2026-11-21T10:00:00Z", null, null)));
        flush();
        long[] none = retention.purge(Instant.now());
        assertEquals(0, none[0] + none[1], "nothing is older than " + retention.retention());
        long[] deleted = retention.purge(Instant.now().plus(retention.retention()).plus(Duration.ofDays(1)));
        assertEquals(1, deleted[0]);
        assertEquals(1, deleted[1]);
        assertEquals(0L, count("SELECT COUNT(*) FROM audit_card"));
        assertEquals(0L, count("SELECT COUNT(*) FROM audit_card_rule"));
    }

    /** The disk is bounded whatever the load: past max-records the oldest records go first, and the metric counts them. */
    @Test
    void pastMaxRecordsTheOldestRecordsGoFirst() throws SQLException {
        retention.purge(Instant.now().plus(retention.retention()).plus(Duration.ofDays(1))); // an empty table to count on
        List<String> cards = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            cards.add(call(PATIENT_VIEW, ExampleRequests.fresh("modify-one-fall-impaired-tug.json")).getString("cards[0].uuid"));
        }
        flush();
        assertEquals(0, retention.bound(20), "under the bound nothing goes");
        long deleted = retention.bound(10);
        assertEquals(12 - 9, deleted, "down to nine tenths of the bound");
        assertEquals(9L, count("SELECT COUNT(*) FROM audit_call"));
        for (String card : cards.subList(0, 3)) {
            assertEquals(0L, count("SELECT COUNT(*) FROM audit_card WHERE card_uuid = '" + card + "'"), "the oldest went: " + card);
        }
        assertEquals(1L, count("SELECT COUNT(*) FROM audit_card WHERE card_uuid = '" + cards.get(11) + "'"), "the newest stayed");
        given().baseUri("http://localhost:" + org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class)).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("retrowalk_audit_records_pruned_total"));
        var job = scheduler.getScheduledJob("audit-size");
        assertNotNull(job, "the size check is scheduled");
    }

    @Test
    void retentionPurgeIsScheduledAtTheConfiguredInterval() {
        var job = scheduler.getScheduledJob("audit-retention");
        assertNotNull(job, "the purge is scheduled");
        assertTrue(scheduler.isRunning());
        Instant next = job.getNextFireTime();
        assertNotNull(next, "a next purge is planned");
        assertTrue(next.isBefore(Instant.now().plus(Duration.ofHours(24)).plusSeconds(61)),
                "within the default interval (24 h) of now, or a minute after start: " + next);
    }

    // ---- helpers

    static JsonPath call(String service, String body) {
        return given().contentType(ContentType.JSON).body(body).post(service).then().statusCode(200).extract().jsonPath();
    }

    static io.restassured.response.ValidatableResponse postFeedback(String service, String body) {
        return given().contentType(ContentType.JSON).body(body).post(service + "/feedback").then().statusCode(200);
    }

    static String feedback(String... entries) {
        return "{\"feedback\":[" + String.join(",", entries) + "]}";
    }

    static String accepted(String card, String at, String suggestion) {
        return "{\"card\":\"" + card + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"" + suggestion + "\"}],\"outcomeTimestamp\":\"" + at + "\"}";
    }

    static String overridden(String card, String at, String reason, String comment) {
        StringBuilder entry = new StringBuilder("{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"" + at + "\"");
        if (reason != null || comment != null) {
            entry.append(",\"overrideReason\":{");
            if (reason != null) {
                entry.append("\"reason\":{\"system\":\"" + OURS + "\",\"code\":\"" + reason + "\",\"display\":\"(EHR's words)\"}");
            }
            if (comment != null) {
                entry.append(reason != null ? "," : "").append("\"userComment\":").append(io.vertx.core.json.Json.encode(comment));
            }
            entry.append('}');
        }
        return entry.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> group(JsonPath report, String dimension, String key) {
        Map<String, Object> row = report.getMap(dimension + ".find { it.key == '" + key + "' }");
        assertNotNull(row, dimension + " has no " + key + ": " + report.prettify());
        return row;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> sortedReasons(Map<String, Object> row) {
        List<Map<String, Object>> reasons = new ArrayList<>((List<Map<String, Object>>) row.get("overrideReasons"));
        reasons.sort((a, b) -> String.valueOf(a.get("code")).compareTo(String.valueOf(b.get("code"))));
        return reasons;
    }

    void flush() {
        assertTrue(trail.flush(Duration.ofSeconds(10)), "the audit writer caught up");
    }

    long count(String sql) throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> result = new ArrayList<>();
        try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.put(r.getMetaData().getColumnLabel(i).toLowerCase(), r.getObject(i));
                }
                result.add(row);
            }
        }
        return result;
    }

    static String sha256(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
