package org.retrowalk.cds.facts;

/**
 * An active medication in one of the drug classes the rules read: a STOPPFall fall-risk-increasing class (R49) or an
 * anticoagulant class (R38). The medication as the record names it, and its class.
 */
public final class DrugInUse {

    /** Why the rules read the class. */
    public enum Kind {
        FALL_RISK,
        ANTICOAGULANT
    }

    private final Kind kind;
    private final String drugClass;
    private final String medication;

    public DrugInUse(Kind kind, String drugClass, String medication) {
        this.kind = kind;
        this.drugClass = drugClass;
        this.medication = medication;
    }

    public boolean isFallRisk() {
        return kind == Kind.FALL_RISK;
    }

    public boolean isAnticoagulant() {
        return kind == Kind.ANTICOAGULANT;
    }

    public String getDrugClass() {
        return drugClass;
    }

    public String getMedication() {
        return medication;
    }

    public String describe() {
        return medication + " (" + drugClass + ")";
    }
}
