package org.retrowalk.cds.terminology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.retrowalk.cds.facts.Mobility;

/** Words that name a concept, and words that only look like they do (section 3a: text only ever adds caution). */
class TextConceptsTest {

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
            "INJURY; Hypertension; false"})
    void wordsNameTheConcept(TextConcepts concept, String text, boolean named) {
        assertEquals(named, concept.foundIn(text).isPresent());
    }
}
