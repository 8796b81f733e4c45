package org.retrowalk.cds.audit;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.retrowalk.cds.api.ExampleRequests;

/**
 * An audit trail whose figures the tests know, made through the service's own API: 8 calls (7 answered, 1 refused
 * with 400), 6 cards (MODIFY 3: 2 accepted, 2 overridden; ADVISE_AGAINST 2: 1 overridden; RECOMMEND 1), one call with
 * two conditions in a local code system, and 6 feedback entries stored (2 accepted, 4 overridden, 1 for an unknown
 * card). The report test and the dashboard test read the same figures.
 */
public final class KnownAuditTrail {

    private KnownAuditTrail() {
    }

    /** Empties the audit tables once the writer has caught up. */
    public static void empty(Database database, AuditTrail trail) throws SQLException {
        trail.flush(Duration.ofSeconds(10));
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM feedback");
            s.executeUpdate("DELETE FROM audit_card_rule");
            s.executeUpdate("DELETE FROM audit_card");
            s.executeUpdate("DELETE FROM audit_call");
            // A panel screen another test (or an earlier run on the same database) recorded is not part of the known trail.
            s.executeUpdate("DELETE FROM panel_screen");
        }
    }

    /** Makes the calls and gives the feedback; the caller flushes the trail before reading it. */
    public static void seed() {
        String service = AuditStorageTest.PATIENT_VIEW;
        List<String> modify = new ArrayList<>();
        List<List<String>> modifySuggestions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String body = ExampleRequests.fresh("modify-one-fall-impaired-tug.json");
            JsonPath answer = AuditStorageTest.call(service, i == 0 ? AuditStorageTest.withLocalDiagnoses(body) : body);
            modify.add(answer.getString("cards[0].uuid"));
            modifySuggestions.add(answer.getList("cards[0].suggestions.uuid"));
        }
        List<String> against = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            against.add(AuditStorageTest.call(service, ExampleRequests.fresh("advise-against-two-falls.json")).getString("cards[0].uuid"));
        }
        AuditStorageTest.call(service, ExampleRequests.fresh("recommend-55-year-old.json"));
        AuditStorageTest.call(service, ExampleRequests.fresh("no-card-hip-osteoarthritis.json"));
        given().contentType(ContentType.JSON).body("{\"hook\":\"patient-view\"}").post(service).then().statusCode(400);

        AuditStorageTest.postFeedback(service, AuditStorageTest.feedback(
                AuditStorageTest.accepted(modify.get(0), "2026-11-21T10:00:00Z", modifySuggestions.get(0).get(0)),
                AuditStorageTest.overridden(modify.get(1), "2026-11-21T10:01:00Z", "supervised-setting", null),
                AuditStorageTest.overridden(modify.get(2), "2026-11-21T10:02:00Z", null, "=HYPERLINK(\"x\"), not today"),
                AuditStorageTest.accepted(modify.get(2), "2026-11-21T10:03:00Z", modifySuggestions.get(2).get(0)),
                AuditStorageTest.overridden(against.get(0), "2026-11-21T10:04:00Z", "patient-preference", null),
                AuditStorageTest.overridden(against.get(0), "2026-11-21T10:04:00Z", "patient-preference", null),
                AuditStorageTest.overridden(UUID.randomUUID().toString(), "2026-11-21T10:05:00Z", null, null)));
    }
}
