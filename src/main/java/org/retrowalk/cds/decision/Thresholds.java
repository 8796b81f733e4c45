package org.retrowalk.cds.decision;

import org.retrowalk.cds.parameters.ClinicalParameters;

/** The rule thresholds of rules/parameters.yaml, as a fact the DRL can read. */
@jakarta.inject.Singleton
public final class Thresholds {
    private final ClinicalParameters parameters;

    @jakarta.inject.Inject
    public Thresholds(ClinicalParameters parameters) {
        this.parameters = parameters;
    }

    public int getAdultAge() {
        return parameters.age().adult();
    }

    public int getYoungAdultBelow() {
        return parameters.age().youngAdultBelow();
    }

    public int getOlderAge() {
        return parameters.age().older();
    }

    public int getOldestAge() {
        return parameters.age().oldest();
    }

    public int getHighPainNrs() {
        return parameters.rules().highPainNrs();
    }

    public int getSevereKlGrade() {
        return parameters.rules().severeKlGrade();
    }

    public int getManyFalls() {
        return parameters.rules().manyFallsIn12Months();
    }

    public int getMaxModifiers() {
        return parameters.rules().maxModifiers();
    }
}
