package org.retrowalk.cds.terminology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Words that name a concept, in English and Spanish, and words that only look like they do (sections 3a and 5a: text
 * only ever adds caution). The words are the data files of fhir-profiles/words/.
 */
class TextConceptsTest {

    static final TextConcepts WORDS = TextConcepts.load(Terminology.Source.directory(Path.of("fhir-profiles")));

    @ParameterizedTest(name = "{0} in \"{1}\": {2}")
    @CsvSource(delimiter = ';', value = {
            "WHEELCHAIR; Powered wheelchair; true",
            "WHEELCHAIR; Wheel chair, electric; true",
            "WHEELCHAIR; Mobility scooter; true",
            "WHEELCHAIR; Chair, shower; false",
            "WALKER; Rollator walker; true",
            "WALKER; Zimmer frame; true",
            "WALKER; Walking boot; false",
            "CANE; Walking stick; true",
            "CANE; Forearm crutches; true",
            "FALL; Fell at home on the stairs; true",
            "FALL; Fall from ladder; true",
            "FALL; Fall risk; false",
            "FALL; At risk for falls; false",
            "FALL; Fear of falling; false",
            "FALL; No falls reported; false",
            "FALL; Denies falls; false",
            "FALL; Fall prevention programme; false",
            "FALL; Falling asleep at the wheel; false",
            "INJURY; Fractured left wrist; true",
            "INJURY; Concussion with no loss of consciousness; true",
            "INJURY; Head trauma after a fall; true",
            "INJURY; No fracture seen; false",
            "INJURY; Fracture ruled out; false",
            "INJURY; Wrist fracture, displaced, not reduced; true",
            "INJURY; Ruled out fracture; false",
            "INJURY; Hypertension; false",
            "INJURY; Fractured dental filling; false",
            "FRACTURE; Fracture of left distal radius; true",
            "FRACTURE; Broken hip; true",
            "FRACTURE; Osteoporotic fracture risk (FRAX); false",
            "FRACTURE; Fractured dental filling; false",
            "FRACTURE; No fracture seen on X-ray; false",
            "FRACTURE; Fractura de cadera; true",
            "FRACTURE; Fractura de muñeca tras caída; true",
            "FRACTURE; Se descarta fractura; false",
            "FRACTURE; Sin fractura; false",
            "FRACTURE; Hueso roto en el pie; true",
            "JOINT_ARTHROPLASTY; Revision of total knee arthroplasty; true",
            "JOINT_ARTHROPLASTY; Unicompartmental knee replacement; true",
            "JOINT_ARTHROPLASTY; Left THA; true",
            "JOINT_ARTHROPLASTY; Hip hemiarthroplasty; true",
            "JOINT_ARTHROPLASTY; Prótesis total de rodilla derecha; true",
            "JOINT_ARTHROPLASTY; Artroplastia de cadera; true",
            "JOINT_ARTHROPLASTY; Replacement of aortic valve; false",
            "JOINT_ARTHROPLASTY; Knee injection; false",
            "JOINT_ARTHROPLASTY; Evaluation for knee replacement; false",
            "JOINT_ARTHROPLASTY; Hipertensión arterial; false",
            "FALL; Caída desde su propia altura; true",
            "FALL; Caídas recurrentes; true",
            "FALL; Se cayó en la ducha; true",
            "FALL; Riesgo de caídas; false",
            "FALL; Miedo a caerse; false",
            "FALL; Niega caídas; false",
            "FALL; Sin caídas en el último año; false",
            "FALL; Caída del cabello; false",
            "WHEELCHAIR; Usa silla de ruedas; true",
            "WALKER; Camina con andador; true",
            "CANE; Bastón en mano derecha; true",
            "CANE; Muletas; true",
            "INJURY; Esguince de tobillo; true",
            "INJURY; Traumatismo craneal leve; true",
            "FRACTURE_SITE_LOWER_LIMB_SPINE; Fracture of left ankle; true",
            "FRACTURE_SITE_LOWER_LIMB_SPINE; Fractura de tobillo izquierdo; true",
            "FRACTURE_SITE_LOWER_LIMB_SPINE; Fracture of finger; false",
            "FRACTURE_SITE_LOWER_LIMB_SPINE; Fracture of distal radius; false",
            "FRACTURE_SITE_FRAGILITY; Fracture of distal radius; true",
            "FRACTURE_SITE_FRAGILITY; Fractura de húmero proximal; true",
            "FRACTURE_SITE_FRAGILITY; Fracture of ankle; false",
            "FRACTURE_SITE_FRAGILITY; Fracture of rib; false"})
    void wordsNameTheConcept(TextConcept concept, String text, boolean named) {
        assertEquals(named, WORDS.foundIn(concept, text).isPresent(), concept + " in \"" + text + "\"");
    }

    @Test
    void readsEveryLanguageOfTheIndex() {
        assertEquals(java.util.List.of("en", "es"), WORDS.languages());
    }

    /** A coding without a system (found by RobustnessTest's mutated requests: it threw) decides nothing by its code. */
    @Test
    void aCodingWithoutASystemLeavesTheWordsToDecide() {
        org.hl7.fhir.r4.model.CodeableConcept noSystem = new org.hl7.fhir.r4.model.CodeableConcept(
                new org.hl7.fhir.r4.model.Coding(null, "S72.001A", "Fracture of neck of right femur"));
        assertEquals(true, TextConcepts.notDecidedByCode(noSystem));
        assertEquals(false, TextConcepts.notDecidedByCode(new org.hl7.fhir.r4.model.CodeableConcept(
                new org.hl7.fhir.r4.model.Coding("http://hl7.org/fhir/sid/icd-10-cm", "S72.001A", null))));
    }

    @Test
    void accentsAndCaseAreIgnored() {
        assertEquals("caida con fractura de munecas", TextConcepts.fold("CAÍDA con fractura de MUÑECAS"));
    }
}
