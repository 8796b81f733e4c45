package org.retrowalk.cds.decision;

/**
 * Safety modifications of a backward-walking prescription, in the order a card lists them. The codes are
 * those of fhir-profiles/CodeSystem/safety-modification.json; the short labels fit a card's summary line
 * (rules/words.yaml gives the ones whose words carry a parameter, such as the reduced dose's minutes).
 */
public enum SafetyModification {
    SUPERVISED("supervised"),
    TREADMILL_HANDRAILS("treadmill with handrails"),
    NO_OVERGROUND("no overground walking"),
    HARNESS("harness"),
    REDUCED_SPEED("slower speed"),
    REDUCED_DOSE("reduced dose"),
    PAIN_MONITORING("pain monitoring"),
    STRENGTH_BALANCE_FIRST("strength and balance first"),
    NO_UNSUPERVISED_HOME("not alone at home"),
    MEDICATION_REVIEW("medication review"),
    REASSESS_4_6_WEEKS("reassess in 4-6 weeks");

    private final String shortLabel;

    SafetyModification(String shortLabel) {
        this.shortLabel = shortLabel;
    }

    public String shortLabel() {
        return shortLabel;
    }
}
