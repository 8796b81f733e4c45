package org.retrowalk.cds.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.retrowalk.cds.facts.FhirRecords.ICD10CM;
import static org.retrowalk.cds.facts.FhirRecords.SNOMED;
import static org.retrowalk.cds.facts.FhirRecords.condition;
import static org.retrowalk.cds.facts.FhirRecords.context;
import static org.retrowalk.cds.facts.FhirRecords.text;
import static org.retrowalk.cds.facts.FhirRecords.row;
import static org.retrowalk.cds.facts.FhirRecords.withStatus;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the risk modifiers are read from Conditions. */
class ComorbiditiesReaderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                row("none", ""),
                row("Parkinson's disease (ICD-10-CM G20)", "NEURO", condition(ICD10CM, "G20", "2020")),
                row("a stroke's sequelae (I69)", "NEURO", condition(ICD10CM, "I69.351", "2020")),
                row("resolved Parkinson's does not count", "", withStatus(condition(ICD10CM, "G20", "2020"), "resolved", null)),
                row("osteoporosis", "OSTEOPOROSIS", condition(SNOMED, "64859006", "2019")),
                row("an osteoporotic fracture (M80) is both", "OSTEOPOROSIS FRAGILITY_FRACTURE", condition(ICD10CM, "M80.051A", "2019")),
                row("a hip fracture with osteoporosis is a fragility fracture", "OSTEOPOROSIS FRAGILITY_FRACTURE",
                        condition(SNOMED, "64859006", "2019"), withStatus(condition(SNOMED, "359817006", "2018"), "resolved", null)),
                row("a hip fracture without osteoporosis is not", "", condition(SNOMED, "359817006", "2018")),
                row("a wrist fracture named only in Spanish, with osteoporosis, is a fragility fracture", "OSTEOPOROSIS FRAGILITY_FRACTURE",
                        condition(SNOMED, "64859006", "2019"), condition(text("Fractura de muñeca izquierda"), "2017")),
                row("a distal radius fracture (S52.5) with osteoporosis, years ago, is a fragility fracture", "OSTEOPOROSIS FRAGILITY_FRACTURE",
                        condition(ICD10CM, "M81.0", "2019"), condition(ICD10CM, "S52.501A", "2015")),
                row("a finger fracture with osteoporosis is not", "OSTEOPOROSIS",
                        condition(ICD10CM, "M81.0", "2019"), condition(ICD10CM, "S62.600A", "2025")),
                row("neuropathy (G62.9)", "NEUROPATHY", condition(ICD10CM, "G62.9", "2021")),
                row("dementia (F03)", "COGNITIVE", condition(ICD10CM, "F03.90", "2021")));
    }

    /** How a card names them: without SNOMED's semantic tags, without saying one thing twice, without bare codes. */
    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "Osteoporosis (disorder)|osteoporosis",
            "Osteoporosis|osteoporosis",
            "Senile osteoporosis (disorder)|osteoporosis (Senile osteoporosis)",
            "Postmenopausal osteoporosis|osteoporosis (Postmenopausal osteoporosis)"})
    void namesThemOnce(String display, String words) {
        org.hl7.fhir.r4.model.CodeableConcept code = new org.hl7.fhir.r4.model.CodeableConcept(
                new org.hl7.fhir.r4.model.Coding(SNOMED, "64859006", display));
        Comorbidities c = read(context(List.of(condition(code, "2019"))));
        assertEquals(words, c.describeOsteoporosis());
    }

    @org.junit.jupiter.api.Test
    void aConditionWithOnlyItsCodeIsNamedByItsKind() {
        Comorbidities c = read(context(List.of(condition(ICD10CM, "R42", "2021"))));
        assertEquals("vertigo or dizziness", c.describeSensoryOrCognitive());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(String name, String expected, List<Resource> resources) {
        Comorbidities c = read(context(resources));
        assertEquals(expected, Arrays.stream(Comorbidities.Kind.values()).filter(c::has).map(Enum::name).collect(Collectors.joining(" ")));
    }

    private static Comorbidities read(ReadingContext context) {
        return ComorbiditiesReader.read(context, FractureReader.read(context));
    }
}
