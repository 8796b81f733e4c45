package org.retrowalk.cds.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.retrowalk.cds.facts.FhirRecords.ASSESSMENT;
import static org.retrowalk.cds.facts.FhirRecords.ICD10CM;
import static org.retrowalk.cds.facts.FhirRecords.LOINC;
import static org.retrowalk.cds.facts.FhirRecords.SNOMED;
import static org.retrowalk.cds.facts.FhirRecords.bool;
import static org.retrowalk.cds.facts.FhirRecords.code;
import static org.retrowalk.cds.facts.FhirRecords.condition;
import static org.retrowalk.cds.facts.FhirRecords.context;
import static org.retrowalk.cds.facts.FhirRecords.integer;
import static org.retrowalk.cds.facts.FhirRecords.observation;
import static org.retrowalk.cds.facts.FhirRecords.row;
import static org.retrowalk.cds.facts.FhirRecords.text;
import static org.retrowalk.cds.facts.FhirRecords.withStatus;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How falls, injuries near a fall, syncope, frailty and the STEADI answers are read (12 months before 2026-11-21). */
class FallsReaderTest {

    static Stream<Arguments> cases() {
        Condition fall = condition(ICD10CM, "W19.XXXA", "2026-10-01");
        Condition injuryLinked = condition(ICD10CM, "S52.501A", "2026-06-01");
        fall.addExtension("http://hl7.org/fhir/StructureDefinition/condition-dueTo", new Reference("Condition/" + injuryLinked.getIdElement().getIdPart()));
        return Stream.of(
                row("no record of falls", "0 falls, not screened"),
                row("a questionnaire count of 2", "2 falls, latest 2026-09-01, screened", observation(LOINC, "52552-7", "2026-09-01", integer(2))),
                row("a questionnaire count of 0 is a screen", "0 falls, screened", observation(LOINC, "52552-7", "2026-09-01", integer(0))),
                row("a questionnaire older than 12 months", "0 falls, not screened", observation(LOINC, "52552-7", "2025-10-01", integer(3))),
                row("a fall Condition in the window", "1 falls, latest 2026-10-01, screened", condition(ICD10CM, "W19.XXXA", "2026-10-01")),
                row("two falls on different days", "2 falls, latest 2026-10-01, screened",
                        condition(SNOMED, "298344006", "2026-03-01"), condition(ICD10CM, "W19.XXXA", "2026-10-01")),
                row("a questionnaire and conditions: the larger count", "3 falls, latest 2026-10-01, screened",
                        condition(ICD10CM, "W19.XXXA", "2026-10-01"), observation(LOINC, "52552-7", "2026-10-05", integer(3))),
                row("a fall 13 months ago", "0 falls, not screened", condition(ICD10CM, "W19.XXXA", "2025-10-01")),
                row("a fall dated '2025' may have been in the window", "1 falls, latest 2025-12-31, screened", condition(ICD10CM, "W19.XXXA", "2025")),
                row("an undated fall counts as recent", "1 falls, screened", condition(ICD10CM, "W19.XXXA", null)),
                row("a refuted fall does not count", "0 falls, not screened", withStatus(condition(ICD10CM, "W19.XXXA", "2026-10-01"), null, "refuted")),
                row("a fall named only in text", "1 falls, latest 2026-10-01, screened", condition(text("Fell in the bathroom"), "2026-10-01")),
                row("a negated fall in text is no fall", "0 falls, not screened", condition(text("No falls reported"), "2026-10-01")),
                row("an injury two days after a fall", "1 falls, latest 2026-10-01, injurious, screened",
                        condition(ICD10CM, "W19.XXXA", "2026-10-01"), condition(ICD10CM, "S72.001A", "2026-10-03")),
                row("an injury a week after a fall is not near it", "1 falls, latest 2026-10-01, screened",
                        condition(ICD10CM, "W19.XXXA", "2026-10-01"), condition(ICD10CM, "S82.201A", "2026-10-08")),
                row("a hip fracture a week after a fall presumes a second, injurious fall (no fall near it)",
                        "2 falls, latest 2026-10-08, injurious, presumed, screened",
                        condition(ICD10CM, "W19.XXXA", "2026-10-01"), condition(ICD10CM, "S72.001A", "2026-10-08")),
                row("a wrist fracture and no fall: a presumed injurious fall at its date", "1 falls, latest 2026-10-01, injurious, presumed, not screened",
                        condition(ICD10CM, "S52.501A", "2026-10-01")),
                row("a vertebral fracture by SNOMED CT and no fall: presumed", "1 falls, latest 2026-06-15, injurious, presumed, not screened",
                        condition(SNOMED, "15724005", "2026-06-15")),
                row("a wrist fracture with a fall the same day: that fall, none presumed", "1 falls, latest 2026-10-01, injurious, screened",
                        condition(ICD10CM, "W19.XXXA", "2026-10-01"), condition(ICD10CM, "S52.501A", "2026-10-01")),
                row("an ankle fracture is no fragility site: no fall presumed", "0 falls, not screened", condition(ICD10CM, "S82.891A", "2026-10-01")),
                row("a wrist fracture 13 months ago: no fall presumed", "0 falls, not screened", condition(ICD10CM, "S52.501A", "2025-10-01")),
                row("a hip fracture named only in Spanish: presumed", "1 falls, latest 2026-09-20, injurious, presumed, not screened",
                        condition(text("Fractura de cadera derecha"), "2026-09-20")),
                row("a fall named only in Spanish", "1 falls, latest 2026-10-01, screened", condition(text("Caída en el baño"), "2026-10-01")),
                row("a Spanish fall risk is no fall", "0 falls, not screened", condition(text("Riesgo de caídas"), "2026-10-01")),
                row("a negated fall in Spanish is no fall", "0 falls, not screened", condition(text("Niega caídas"), "2026-10-01")),
                row("an injury linked by condition-dueTo", "1 falls, latest 2026-10-01, injurious, screened", fall, injuryLinked),
                row("syncope the day of a fall", "1 falls, latest 2026-10-01, syncope, screened",
                        condition(ICD10CM, "W19.XXXA", "2026-10-01"), condition(ICD10CM, "R55", "2026-10-01")),
                row("syncope without a fall", "0 falls, not screened", condition(ICD10CM, "R55", "2026-10-01")),
                row("frailty", "0 falls, frailty, not screened", condition(ICD10CM, "R54", "2024-01-01")),
                row("worries about falling: yes", "0 falls, fear, screened", observation(ASSESSMENT, "fear-of-falling", "2026-05-01", bool(true))),
                row("feels unsteady: LOINC yes", "0 falls, unsteady, screened",
                        observation(ASSESSMENT, "feels-unsteady", "2026-05-01", code(LOINC, "LA33-6"))),
                row("both yes and no on one day: yes", "0 falls, fear, screened",
                        observation(ASSESSMENT, "fear-of-falling", "2026-05-01", bool(false)), observation(ASSESSMENT, "fear-of-falling", "2026-05-01", bool(true))),
                row("an answer older than 12 months", "0 falls, not screened", observation(ASSESSMENT, "fear-of-falling", "2025-05-01", bool(true))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(String name, String expected, List<Resource> resources) {
        ReadingContext context = context(resources);
        FallRiskProfile f = FallsReader.read(context, FractureReader.read(context), PatientReader.read(context)).profile();
        StringBuilder s = new StringBuilder(f.getFallsIn12Months() + " falls");
        if (f.getLatestFall() != null) {
            s.append(", latest ").append(f.getLatestFall());
        }
        if (f.isInjuriousFall()) {
            s.append(", injurious");
        }
        if (f.isPresumed()) {
            s.append(", presumed");
        }
        if (f.isFallWithSyncope()) {
            s.append(", syncope");
        }
        if (f.isFrailty()) {
            s.append(", frailty");
        }
        if (f.isFearOfFalling()) {
            s.append(", fear");
        }
        if (f.isFeelsUnsteady()) {
            s.append(", unsteady");
        }
        s.append(f.isScreened() ? ", screened" : ", not screened");
        assertEquals(expected, s.toString());
    }
}
