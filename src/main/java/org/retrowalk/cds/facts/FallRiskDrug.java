package org.retrowalk.cds.facts;

/** An active medication in a STOPPFall class. */
public final class FallRiskDrug {
    private final String drugClass;
    private final String medication;

    public FallRiskDrug(String drugClass, String medication) {
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
