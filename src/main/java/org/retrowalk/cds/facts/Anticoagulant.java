package org.retrowalk.cds.facts;

/** An active anticoagulant (R38; section 5a): the medication as the record names it, and its class. */
public final class Anticoagulant {
    private final String drugClass;
    private final String medication;

    public Anticoagulant(String drugClass, String medication) {
        this.drugClass = drugClass;
        this.medication = medication;
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
