package org.retrowalk.cds.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.retrowalk.cds.facts.FhirRecords.context;
import static org.retrowalk.cds.facts.FhirRecords.patient;
import static org.retrowalk.cds.facts.FhirRecords.row;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the Patient resource is read: age on 2026-11-21, sex, death. */
class PatientReaderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                row("age from the birth date", "age 72, FEMALE, alive", patient("1954-03-10", AdministrativeGender.FEMALE)),
                row("the day before the birthday", "age 71, MALE, alive", patient("1954-11-22", AdministrativeGender.MALE)),
                row("a birth year only: its first day", "age 72, OTHER_OR_UNKNOWN, alive", patient("1954", null)),
                row("no birth date: age unknown", "age ?, OTHER_OR_UNKNOWN, alive", patient(null, AdministrativeGender.OTHER)),
                row("a birth date in the future is not used", "age ?, FEMALE, alive", patient("2030-01-01", AdministrativeGender.FEMALE)),
                row("deceased (boolean)", "age 72, MALE, deceased", deceased(patient("1954-03-10", AdministrativeGender.MALE), new BooleanType(true))),
                row("deceased (a date)", "age 72, MALE, deceased", deceased(patient("1954-03-10", AdministrativeGender.MALE), new DateTimeType("2026-01-01"))),
                row("deceased false: alive", "age 72, MALE, alive", deceased(patient("1954-03-10", AdministrativeGender.MALE), new BooleanType(false))),
                row("no Patient resource", "age ?, OTHER_OR_UNKNOWN, alive"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(String name, String expected, List<Resource> resources) {
        PatientProfile p = PatientReader.read(context(resources));
        assertEquals(expected, "age " + (p.getAge() == null ? "?" : p.getAge()) + ", " + p.getGender() + ", " + (p.isDeceased() ? "deceased" : "alive"));
    }

    private static org.hl7.fhir.r4.model.Patient deceased(org.hl7.fhir.r4.model.Patient p, org.hl7.fhir.r4.model.Type value) {
        p.setDeceased(value);
        return p;
    }
}
