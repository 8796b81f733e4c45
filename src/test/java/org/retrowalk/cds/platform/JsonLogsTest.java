package org.retrowalk.cds.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.Test;

/** retrowalk.log.json=true: the console handler writes JSON lines with the request id as a field. */
@QuarkusTest
@TestProfile(JsonLogsTest.Json.class)
class JsonLogsTest {

    public static class Json implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("retrowalk.log.json", "true");
        }
    }

    @Test
    void theConsoleWritesJsonWithTheRequestId() throws Exception {
        List<Handler> consoles = JsonLogs.consoleHandlers();
        assertFalse(consoles.isEmpty(), "a console handler");
        Handler console = consoles.get(0);
        assertTrue(console.getFormatter() instanceof JsonLogFormatter, "formatter: " + console.getFormatter());
        MDC.put("requestId", "req-json-1");
        try {
            ExtLogRecord record = new ExtLogRecord(Level.INFO, "hookInstance=abc outcome=RECOMMEND", JsonLogsTest.class.getName());
            record.copyAll();
            JsonNode line = new ObjectMapper().readTree(console.getFormatter().format(record));
            assertEquals("hookInstance=abc outcome=RECOMMEND", line.get("message").asText());
            assertEquals("req-json-1", line.get("mdc").get("requestId").asText());
        } finally {
            MDC.remove("requestId");
        }
    }
}
