package org.retrowalk.cds.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** retrowalk.orders.confirm-consistent=false: consistent orders get no card; the others still do. */
@QuarkusTest
@TestProfile(QuietOnConsistentOrdersTest.Quiet.class)
class QuietOnConsistentOrdersTest extends OrderChecksTest {

    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("retrowalk.orders.confirm-consistent", "false");
        }
    }

    @Override
    @org.junit.jupiter.api.TestFactory
    java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> everyOrderCase() {
        return java.util.stream.Stream.empty(); // the table runs once, in OrderChecksTest
    }

    @Test
    void consistentOrdersGetNoCard() throws Exception {
        JsonNode table = new ObjectMapper().readTree(CASES.toFile());
        JsonNode consistent = find(table, "consistent-recommend");
        given().contentType(ContentType.JSON).body(request(table, consistent).toString()).post("/cds-services/backward-walking-order-sign")
                .then().statusCode(200).body("cards", hasSize(0));
        JsonNode lacking = find(table, "missing-safety-measures");
        given().contentType(ContentType.JSON).body(request(table, lacking).toString()).post("/cds-services/backward-walking-order-sign")
                .then().statusCode(200).body("cards", hasSize(1)).body("cards[0].indicator", equalTo("warning"));
    }

    private static JsonNode find(JsonNode table, String id) {
        for (JsonNode c : table.get("cases")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException(id);
    }
}
