package org.retrowalk.cds.facts;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.retrowalk.cds.fhir.FhirDates.When;
import org.retrowalk.cds.fhir.FhirDates;

/** Age, sex and death from the Patient resource; a birth date in the future is not used. */
final class PatientReader {

    private PatientReader() {
    }

    static PatientProfile read(ReadingContext context) {
        Optional<Patient> found = context.record.patient();
        if (found.isEmpty()) {
            context.note(DataNote.Kind.IGNORED, "No Patient resource was available: age and sex are unknown.");
            return new PatientProfile(context.record.patientId(), null, null, Gender.OTHER_OR_UNKNOWN, false);
        }
        Patient p = found.get();
        LocalDate birthDate = null;
        Integer age = null;
        if (p.hasBirthDateElement() && p.getBirthDateElement().getValue() != null) {
            birthDate = FhirDates.of(p.getBirthDateElement()).map(When::date).orElse(null);
            if (birthDate != null && birthDate.isAfter(context.today)) {
                context.note(DataNote.Kind.IGNORED, "The date of birth " + birthDate + " is in the future and was not used.");
                birthDate = null;
            } else if (birthDate != null) {
                age = Period.between(birthDate, context.today).getYears();
            }
        }
        boolean deceased = (p.hasDeceasedBooleanType() && p.getDeceasedBooleanType().booleanValue()) || p.hasDeceasedDateTimeType();
        Gender gender = p.getGender() == Enumerations.AdministrativeGender.MALE ? Gender.MALE
                : p.getGender() == Enumerations.AdministrativeGender.FEMALE ? Gender.FEMALE : Gender.OTHER_OR_UNKNOWN;
        return new PatientProfile(p.getIdElement().getIdPart(), birthDate, age, gender, deceased);
    }
}
