package org.retrowalk.cds.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.record.RecordQueries;

/**
 * The five Synthea knee-OA patients of ../shared/fhir/synthea, sent as prefetch filled by our templates,
 * evaluated on 2026-11-21. Why each answer is right (ages on that date):
 * <ul>
 * <li>Bo, 69, man: an active walker (R48) and an active manual wheelchair, which is non-ambulatory and
 *     severe (R11); 65 or over with no falls screen (R20) and no balance test (R21; his Morse scores are
 *     over a year old); on warfarin (R38: a fall on anticoagulation risks serious bleeding). Advise against.</li>
 * <li>Millard, 55, man: an active walker (R48) and no balance test (R21). Assess first. His pain 9/10 is a
 *     year old, outside the 90-day window, so not R44.</li>
 * <li>Norman, 70, woman: an active manual wheelchair (R11), no falls screen (R20), no balance test (R21);
 *     her Morse score 4 is normal and is not a balance test. Advise against.</li>
 * <li>Setsuko, 63, woman: an active manual wheelchair (R11) and no balance test (R21). Advise against.</li>
 * <li>Stacy, 70, woman: Morse Fall Scale 56 in February 2026 is severe (R11); no falls screen (R20), no
 *     balance test (R21), osteoporosis without a fracture (R46), a walker (R48). Advise against.</li>
 * </ul>
 * None of them takes a STOPPFall drug (verapamil, digoxin, warfarin, lisinopril, simvastatin, naproxen,
 * alendronate are not in its classes), so R49 fires for none; warfarin is an anticoagulant (R38, section 5a).
 */
@QuarkusTest
class SyntheaPatientsTest {

    @Inject
    RecordQueries queries;

    static Stream<Arguments> patients() {
        return Stream.of(
                Arguments.of("Bo157", "ADVISE_AGAINST", List.of("R11", "R20", "R21", "R38", "R48")),
                Arguments.of("Millard193", "ASSESS_FIRST", List.of("R21", "R48")),
                Arguments.of("Norman647", "ADVISE_AGAINST", List.of("R11", "R20", "R21")),
                Arguments.of("Setsuko288", "ADVISE_AGAINST", List.of("R11", "R21")),
                Arguments.of("Stacy406", "ADVISE_AGAINST", List.of("R11", "R20", "R21", "R46", "R48")));
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("patients")
    void answersEachPatient(String name, String outcome, List<String> rules) throws IOException {
        List<Resource> resources = TestPatients.synthea(file(name));
        given().contentType(ContentType.JSON)
                .body(Requests.patientView(queries, patientId(resources), resources).toString())
                .post("/cds-services/backward-walking-patient-view")
                .then().statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].extension.'org.retrowalk.decision'.outcome", equalTo(outcome))
                .body("cards[0].extension.'org.retrowalk.decision'.rules", contains(rules.toArray()))
                .body("cards[0].indicator", equalTo(outcome.equals("ASSESS_FIRST") ? "info" : "warning"));
    }

    @Test
    void allFivePatientsAreCovered() throws IOException {
        try (Stream<Path> files = Files.list(TestPatients.SYNTHEA)) {
            assertEquals(5, files.filter(f -> f.toString().endsWith(".json")).count());
        }
    }

    private static String patientId(List<Resource> resources) {
        return resources.stream().filter(r -> r instanceof org.hl7.fhir.r4.model.Patient).findFirst().orElseThrow().getIdElement().getIdPart();
    }

    private static Path file(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(TestPatients.SYNTHEA)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix + "_")).findFirst().orElseThrow();
        }
    }
}
