package org.retrowalk.cds.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.retrowalk.cds.orders.ProfileValidator;
import org.retrowalk.cds.record.RecordQueries;

/**
 * The table of draft orders in rules/order-cases/ through the order-select and order-sign services: the
 * cards per order, their indicators and outcomes, and every update suggestion: it keeps the draft's id, adds
 * exactly the missing safety measures, sets the corrected dose, and validates against the profile.
 */
@QuarkusTest
class OrderChecksTest {

    static final Path CASES = Path.of("rules", "order-cases", "order-checks.json");

    @Inject
    RecordQueries queries;
    @Inject
    ProfileValidator validator;

    @TestFactory
    Stream<DynamicTest> everyOrderCase() throws IOException {
        JsonNode table = new ObjectMapper().readTree(CASES.toFile());
        List<DynamicTest> tests = new ArrayList<>();
        table.get("cases").forEach(c -> tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(table, c))));
        return tests.stream();
    }

    ObjectNode request(JsonNode table, JsonNode c) {
        return Requests.orderCase(queries, table, c);
    }

    private void check(JsonNode table, JsonNode c) throws IOException {
        String service = "/cds-services/backward-walking-" + c.get("hook").asText();
        String body = given().contentType(ContentType.JSON).body(request(table, c).toString()).post(service)
                .then().statusCode(200).extract().asString();
        JsonNode cards = new ObjectMapper().readTree(body).get("cards");
        JsonNode expected = c.get("expect");
        assertEquals(expected.size(), cards.size(), "number of cards: " + body);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.get(i);
            JsonNode card = cards.get(i);
            JsonNode decision = card.get("extension").get("org.retrowalk.decision");
            String order = want.get("order").asText();
            assertEquals(order, decision.get("order").asText(), "the card names its order");
            assertEquals(want.get("indicator").asText(), card.get("indicator").asText(), order + " indicator");
            assertEquals(want.get("outcome").asText(), decision.get("outcome").asText(), order + " outcome");
            assertTrue(card.get("summary").asText().length() < 140);
            assertTrue(card.get("detail").asText().contains("Decision support, not a substitute for clinical judgement."),
                    order + ": every order card says it is decision support");
            if (!"info".equals(want.get("indicator").asText())) {
                assertTrue(card.has("overrideReasons"), "override reasons on warning and critical cards");
            }
            if (want.has("delete")) {
                JsonNode delete = card.get("suggestions").get(0).get("actions").get(0);
                assertEquals("delete", delete.get("type").asText());
                assertEquals(order, delete.get("resourceId").get(0).asText());
            }
            if (want.has("dose")) {
                checkUpdate(c, card, order, want);
            } else {
                assertFalse(body.contains("\"type\":\"update\"") && cards.size() == 1, "no update suggestion expected");
            }
        }
    }

    private void checkUpdate(JsonNode c, JsonNode card, String order, JsonNode want) {
        JsonNode update = null;
        for (JsonNode suggestion : card.get("suggestions")) {
            for (JsonNode action : suggestion.get("actions")) {
                if ("update".equals(action.get("type").asText())) {
                    update = action;
                }
            }
        }
        assertTrue(update != null, order + ": an update suggestion");
        ServiceRequest corrected = (ServiceRequest) Requests.parse(update.get("resource"));
        assertEquals(order, "ServiceRequest/" + corrected.getIdElement().getIdPart(), "the update keeps the draft's id");

        ServiceRequest draft = null;
        for (JsonNode d : c.get("draftOrders")) {
            if (order.equals("ServiceRequest/" + d.get("id").asText())) {
                draft = (ServiceRequest) Requests.parse(d);
            }
        }
        Set<String> before = codes(draft);
        Set<String> after = codes(corrected);
        Set<String> added = new HashSet<>(after);
        added.removeAll(before);
        Set<String> expectedAdds = new HashSet<>();
        want.get("adds").forEach(a -> expectedAdds.add(a.asText()));
        assertEquals(expectedAdds, added, order + ": the missing safety measures, no more");
        assertTrue(after.containsAll(before), order + ": nothing the draft had is dropped");

        var repeat = corrected.getOccurrenceTiming().getRepeat();
        assertEquals(want.get("dose").get(0).asInt(), repeat.getFrequency(), "sessions a week");
        assertEquals(want.get("dose").get(1).asInt(), repeat.getDuration().intValue(), "minutes a session");
        assertEquals(want.get("dose").get(2).asInt(), repeat.getBoundsDuration().getValue().intValue(), "weeks");

        var problems = validator.validate(corrected, ProfileValidator.PRESCRIPTION_PROFILE).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL
                        || m.getMessage().contains("bw-"))
                .map(m -> m.getLocationString() + " " + m.getMessage()).toList();
        assertEquals(List.of(), problems, order + ": the corrected order conforms to the prescription profile");
    }

    private static Set<String> codes(ServiceRequest order) {
        Set<String> codes = new HashSet<>();
        order.getOrderDetail().forEach(d -> d.getCoding().forEach(x -> codes.add(x.getCode())));
        codes.remove(null);
        return codes;
    }

    @Test
    void orderSelectWithoutSelectionsIs400() throws IOException {
        JsonNode table = new ObjectMapper().readTree(CASES.toFile());
        ObjectNode request = request(table, table.get("cases").get(0));
        request.put("hook", "order-select");
        given().contentType(ContentType.JSON).body(request.toString()).post("/cds-services/backward-walking-order-select")
                .then().statusCode(400).body(containsString("context.selections"));
    }

    @Test
    void draftOrdersThatAreNotABundleAre400() throws IOException {
        JsonNode table = new ObjectMapper().readTree(CASES.toFile());
        ObjectNode request = request(table, table.get("cases").get(0));
        ((ObjectNode) request.get("context")).putObject("draftOrders").put("resourceType", "Patient");
        given().contentType(ContentType.JSON).body(request.toString()).post("/cds-services/backward-walking-order-sign")
                .then().statusCode(400).body(containsString("draftOrders"));
    }

    @Test
    void bothOrderHooksAreInDiscovery() {
        given().get("/cds-services").then().statusCode(200)
                .body("services.id", org.hamcrest.Matchers.hasItems("backward-walking-order-select", "backward-walking-order-sign"))
                .body("services.find { it.id == 'backward-walking-order-sign' }.hook", org.hamcrest.Matchers.equalTo("order-sign"));
    }
}
