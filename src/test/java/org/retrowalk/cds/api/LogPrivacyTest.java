package org.retrowalk.cds.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.fhir.server.FhirTestServer;

/**
 * The log never carries an access token or a patient's name, birth date or id, on any path (success,
 * 412, malformed input, a FHIR server refusing the token, order checks, $validate); and every line the
 * service logs while answering names its request.
 */
@QuarkusTest
class LogPrivacyTest {

    static final String TOKEN = "tok-PRIVATE-98765";
    static final String NAME = "Zenobia";
    static final String FAMILY = "Quillfeather";
    static final String BIRTH = "1968-02-29";
    static final String PATIENT_ID = "pt-zq-77";

    @Test
    void noTokenAndNoPatientDataInTheLog() throws Exception {
        List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext) {
                    ext.copyAll(); // the MDC is read lazily from the logging thread; keep this request's
                    records.add(ext);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(handler);
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode request = (ObjectNode) json.readTree(Files.readString(Path.of("examples", "modify-one-fall-impaired-tug.json"))
                    .replace("ex-modify", PATIENT_ID).replace("Berit", NAME).replace("\"Example\"", "\"" + FAMILY + "\"")
                    .replace("1954-02-09", BIRTH));
            request.putObject("fhirAuthorization").put("access_token", TOKEN).put("token_type", "Bearer");
            post("/cds-services/backward-walking-patient-view", request.toString(), 200);

            ObjectNode missing = request.deepCopy();
            ((ObjectNode) missing.get("prefetch")).remove("observations");
            missing.remove("fhirServer");
            post("/cds-services/backward-walking-patient-view", missing.toString(), 412);

            String malformed = request.toString().replace(BIRTH, "not-a-date-" + NAME);
            given().contentType("application/json").body(malformed).post("/cds-services/backward-walking-patient-view");
            post("/cds-services/backward-walking-patient-view", request.toString().substring(0, 400), 400);

            FhirTestServer server = FhirTestServer.get();
            server.fault(FhirTestServer.Fault.requireToken());
            ObjectNode viaServer = request.deepCopy();
            ((ObjectNode) viaServer.get("prefetch")).remove("observations");
            viaServer.put("fhirServer", server.base());
            given().contentType("application/json").body(viaServer.toString()).post("/cds-services/backward-walking-patient-view");
            server.clear();

            String order = Files.readString(Path.of("examples", "order-sign-missing-safety-measures.json"))
                    .replace("ex-order", PATIENT_ID).replace("Greta", NAME).replace("1954-03-17", BIRTH);
            post("/cds-services/backward-walking-order-sign", order, 200);
            given().contentType("application/fhir+json").body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + FAMILY + "\"}]}")
                    .post("/prescriptions/$validate");
            // feedback whose comment names the patient: stored for governance, never logged; and a bad one
            String comment = "{\"feedback\":[{\"card\":\"" + java.util.UUID.randomUUID() + "\",\"outcome\":\"overridden\","
                    + "\"overrideReason\":{\"userComment\":\"" + NAME + " " + FAMILY + " born " + BIRTH + "\"},\"outcomeTimestamp\":\"2026-11-21T10:00:00Z\"}]}";
            post("/cds-services/backward-walking-patient-view/feedback", comment, 200);
            post("/cds-services/backward-walking-patient-view/feedback", comment.replace("2026-11-21T10:00:00Z", NAME), 400);
        } finally {
            Logger.getLogger("").removeHandler(handler);
        }

        // One line each for the answered call, the 412, the call through the FHIR server and the order check.
        long ours = records.stream().filter(r -> r.getLoggerName().startsWith("org.retrowalk") && r.getFormattedMessage().startsWith("hookInstance=")).count();
        assertTrue(ours >= 4, "the calls were logged: " + ours);
        for (ExtLogRecord record : records) {
            String text = record.getFormattedMessage() + " " + record.getMdcCopy()
                    + (record.getThrown() == null ? "" : " " + stackTrace(record.getThrown()));
            for (String secret : List.of(TOKEN, NAME, FAMILY, BIRTH, PATIENT_ID)) {
                assertFalse(text.contains(secret), "the log carries '" + secret + "': " + text);
            }
            if (record.getLoggerName().startsWith("org.retrowalk")) {
                assertTrue(record.getMdc("requestId") != null && !record.getMdc("requestId").isEmpty(),
                        "a line without its request id: " + record.getFormattedMessage());
            }
        }
    }

    private static void post(String path, String body, int status) {
        given().contentType("application/json").body(body).post(path).then().statusCode(status);
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
