package org.retrowalk.cds.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.retrowalk.cds.facts.FhirRecords.ASSESSMENT;
import static org.retrowalk.cds.facts.FhirRecords.ICD10CM;
import static org.retrowalk.cds.facts.FhirRecords.SNOMED;
import static org.retrowalk.cds.facts.FhirRecords.code;
import static org.retrowalk.cds.facts.FhirRecords.condition;
import static org.retrowalk.cds.facts.FhirRecords.context;
import static org.retrowalk.cds.facts.FhirRecords.integer;
import static org.retrowalk.cds.facts.FhirRecords.observation;
import static org.retrowalk.cds.facts.FhirRecords.row;
import static org.retrowalk.cds.facts.FhirRecords.status;
import static org.retrowalk.cds.facts.FhirRecords.withStatus;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How knee OA and the Kellgren-Lawrence grade are read. */
class KneeOaReaderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                row("SNOMED knee OA, active", "knee OA; KL ?", condition(SNOMED, "239873007", "2015-04-02")),
                row("ICD-10-CM M17 (is-a)", "knee OA; KL ?", condition(ICD10CM, "M17.11", "2015")),
                row("resolved knee OA does not count", "no knee OA; KL ?", withStatus(condition(SNOMED, "239873007", "2015"), "resolved", null)),
                row("refuted knee OA does not count", "no knee OA; KL ?", withStatus(condition(SNOMED, "239873007", "2015"), null, "refuted")),
                row("hip OA is not knee OA", "no knee OA; KL ?", condition(ICD10CM, "M16.11", "2015")),
                row("the latest KL grade of a knee", "no knee OA; KL 2 knee 2024-01-05",
                        kl("2020-01-01", 3, null), kl("2024-01-05", 2, null)),
                row("the worst knee wins", "no knee OA; KL 3 right knee 2022-06-14",
                        kl("2024-01-05", 2, code(SNOMED, "82169009")), kl("2022-06-14", 3, code(SNOMED, "6757004"))),
                row("a knee named in the body site's words", "no knee OA; KL 4 left knee 2023-03-01",
                        kl("2023-03-01", 4, FhirRecords.text("Lt knee")), kl("2023-03-01", 1, FhirRecords.text("right knee"))),
                row("a grade of 5 is not a grade", "no knee OA; KL ?", kl("2024-01-05", 5, null)),
                row("a preliminary grade is not used", "no knee OA; KL ?",
                        status(kl("2024-01-05", 3, null), Observation.ObservationStatus.PRELIMINARY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(String name, String expected, List<Resource> resources) {
        KneeOsteoarthritis oa = KneeOaReader.read(context(resources));
        String kl = oa.isKlGradeKnown() ? oa.getKlGrade() + " " + oa.getKlKnee() + " " + oa.getKlDate() : "?";
        assertEquals(expected, (oa.isActive() ? "knee OA" : "no knee OA") + "; KL " + kl);
    }

    private static Observation kl(String date, int grade, org.hl7.fhir.r4.model.CodeableConcept site) {
        Observation o = observation(ASSESSMENT, "kl-grade", date, integer(grade));
        if (site != null) {
            o.setBodySite(site);
        }
        return o;
    }
}
