package org.retrowalk.cds.decision;

import java.util.List;

/** A rule that fired, with why (in words built from the facts) and what it adds. Also a fact in the session. */
public final class FiredRule {
    private final String ruleId;
    private final String name;
    private final Outcome outcome;
    private final List<String> reasons;
    private final List<SafetyModification> modifications;

    public FiredRule(String ruleId, String name, Outcome outcome, List<String> reasons, List<SafetyModification> modifications) {
        this.ruleId = ruleId;
        this.name = name;
        this.outcome = outcome;
        this.reasons = reasons;
        this.modifications = modifications;
    }

    public String getRuleId() {
        return ruleId;
    }

    /** The rule's name without its ID, e.g. "one non-injurious fall, fear of falling or feeling unsteady". */
    public String getName() {
        return name;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    public List<String> getReasons() {
        return reasons;
    }

    public List<SafetyModification> getModifications() {
        return modifications;
    }

    @Override
    public String toString() {
        return ruleId + " " + outcome;
    }
}
