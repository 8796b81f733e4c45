package org.retrowalk.cds.evaluation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.platform.LogCapture;

/**
 * With a warm-up load configured, readiness waits for it: the service sends itself the example requests for
 * several seconds, on their services and not through the HTTP API, so no call is counted in the metrics.
 */
@QuarkusTest
@TestProfile(WarmUpLoadTest.Load.class)
class WarmUpLoadTest {

    public static class Load implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("retrowalk.warm-up.load", "8s", "retrowalk.warm-up.threads", "1");
        }
    }

    static String management() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    @Test
    void readinessWaitsForTheSyntheticLoadAndNoCallIsCountedOrLogged() throws InterruptedException {
        JsonPath ready = null;
        boolean downAtFirst = false;
        String logged;
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 120; i++) {
                JsonPath health = given().baseUri(management()).get("/q/health/ready").jsonPath();
                if ("UP".equals(health.getString("status"))) {
                    ready = health;
                    break;
                }
                downAtFirst |= i == 0;
                // the HTTP API answers meanwhile
                given().get("/cds-services").then().statusCode(200);
                Thread.sleep(500);
            }
            logged = log.text();
        }
        // thousands of synthetic calls must not read in the log as clinicians' calls
        assertTrue(downAtFirst, "the load was still running while the log was watched");
        assertTrue(logged.contains("Warmed up under synthetic load"), logged);
        assertFalse(logged.contains("A warm-up call failed"), "every example and case request is answered: " + logged);
        assertFalse(logged.contains("hookInstance="), "no warm-up call logged at INFO: " + logged.lines().filter(l -> l.contains("hookInstance=")).findFirst());
        assertTrue(ready != null, "ready within a minute");
        Map<String, Object> data = ready.getMap("checks.find { it.name == 'rules, value sets and parsers loaded and warm' }.data");
        long millis = ((Number) data.get("warmUpMillis")).longValue();
        long calls = ((Number) data.get("warmUpCalls")).longValue();
        // the load stops when its rate is steady, which takes six one-second samples, or at 8 s
        assertTrue(millis >= 6000, "the load ran for seconds: " + millis + " ms");
        assertTrue(calls > 20, "synthetic calls were made: " + calls);
        String metrics = given().baseUri(management()).get("/q/metrics").asString();
        assertEquals(0, metrics.lines().filter(l -> l.startsWith("retrowalk_cds_calls_total{")).filter(l -> !l.endsWith(" 0.0")).count(),
                "no warm-up call is counted as a call: " + metrics.lines().filter(l -> l.startsWith("retrowalk_cds_calls")).toList());
    }
}
