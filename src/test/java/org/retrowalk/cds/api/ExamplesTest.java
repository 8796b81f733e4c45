package org.retrowalk.cds.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every request in examples/ answers as examples/expected.json says, so the README's examples stay true. */
@QuarkusTest
class ExamplesTest {

    static final Path EXAMPLES = Path.of("examples");

    @TestFactory
    Stream<DynamicTest> everyExampleAnswersAsDocumented() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(EXAMPLES.resolve("expected.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("expected.json")).sorted().toList()) {
                JsonNode expect = expected.get(file.getFileName().toString());
                tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    if (expect == null) {
                        throw new AssertionError(file + " has no entry in examples/expected.json");
                    }
                    String hook = expect.has("hook") ? expect.get("hook").asText() : "patient-view";
                    var response = given().contentType(ContentType.JSON).body(Files.readString(file))
                            .post("/cds-services/backward-walking-" + hook).then().statusCode(200);
                    if (expect.get("outcome").asText().equals("NO_CARD")) {
                        response.body("cards", hasSize(0));
                    } else {
                        List<String> rules = new ArrayList<>();
                        expect.get("rules").forEach(r -> rules.add(r.asText()));
                        response.body("cards", hasSize(1))
                                .body("cards[0].extension.'org.retrowalk.decision'.outcome", equalTo(expect.get("outcome").asText()))
                                .body("cards[0].extension.'org.retrowalk.decision'.rules", equalTo(rules));
                    }
                }));
            }
        }
        return tests.stream();
    }
}
