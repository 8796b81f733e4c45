package org.retrowalk.cds.facts;

import java.time.LocalDate;

/** Knee OA as the record shows it: whether an active diagnosis exists, and the worst knee's KL grade. */
public final class KneeOsteoarthritis {
    private final boolean active;
    private final String conditionId;
    private final String diagnosis;
    private final LocalDate onset;
    private final Integer klGrade;
    private final LocalDate klDate;
    private final String klKnee;

    public KneeOsteoarthritis(boolean active, String conditionId, String diagnosis, LocalDate onset,
                              Integer klGrade, LocalDate klDate, String klKnee) {
        this.active = active;
        this.conditionId = conditionId;
        this.diagnosis = diagnosis;
        this.onset = onset;
        this.klGrade = klGrade;
        this.klDate = klDate;
        this.klKnee = klKnee;
    }

    public boolean isActive() {
        return active;
    }

    /** Logical id of the diagnosis, for reasonReference in suggested orders; null if it has none. */
    public String getConditionId() {
        return conditionId;
    }

    public String getDiagnosis() {
        return diagnosis;
    }

    public LocalDate getOnset() {
        return onset;
    }

    /** Kellgren-Lawrence grade 0-4 of the worst knee, null when not documented. */
    public Integer getKlGrade() {
        return klGrade;
    }

    public boolean isKlGradeKnown() {
        return klGrade != null;
    }

    public LocalDate getKlDate() {
        return klDate;
    }

    /** "left knee", "right knee" or "knee" (no body site). */
    public String getKlKnee() {
        return klKnee;
    }
}
