package org.retrowalk.cds.facts;

import java.time.LocalDate;

/** Who the patient is, as far as the rules care: age at the evaluation date, sex for the norms, deceased. */
public final class PatientProfile {
    private final String id;
    private final LocalDate birthDate;
    private final Integer age;
    private final Gender gender;
    private final boolean deceased;

    public PatientProfile(String id, LocalDate birthDate, Integer age, Gender gender, boolean deceased) {
        this.id = id;
        this.birthDate = birthDate;
        this.age = age;
        this.gender = gender;
        this.deceased = deceased;
    }

    public String getId() {
        return id;
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    /** Whole years at the evaluation date; null when the birth date is not recorded. */
    public Integer getAge() {
        return age;
    }

    public boolean isAgeKnown() {
        return age != null;
    }

    public Gender getGender() {
        return gender;
    }

    public boolean isDeceased() {
        return deceased;
    }
}
