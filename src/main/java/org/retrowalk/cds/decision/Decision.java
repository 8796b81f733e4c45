package org.retrowalk.cds.decision;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The rules' answer for one patient: the winning outcome, every rule that fired, and the modifications. */
public record Decision(Outcome outcome, List<FiredRule> firedRules, List<SafetyModification> modifications, String ruleSetVersion) {

    /** Most restrictive outcome wins; modifications come from MODIFY rules and matter unless advising against. */
    public static Decision of(List<FiredRule> fired, String ruleSetVersion) {
        Outcome outcome = fired.stream().map(FiredRule::getOutcome).min(Enum::compareTo).orElse(Outcome.NO_CARD);
        Set<SafetyModification> modifications = EnumSet.noneOf(SafetyModification.class);
        if (outcome == Outcome.MODIFY || outcome == Outcome.ASSESS_FIRST) {
            fired.stream().filter(f -> f.getOutcome() == Outcome.MODIFY).forEach(f -> modifications.addAll(f.getModifications()));
        }
        return new Decision(outcome, List.copyOf(fired), List.copyOf(modifications), ruleSetVersion);
    }

    public List<String> ruleIds() {
        return firedRules.stream().map(FiredRule::getRuleId).toList();
    }

    public boolean fired(String ruleId) {
        return rule(ruleId).isPresent();
    }

    public Optional<FiredRule> rule(String ruleId) {
        return firedRules.stream().filter(f -> f.getRuleId().equals(ruleId)).findFirst();
    }

    public List<FiredRule> rulesWith(Outcome o) {
        return firedRules.stream().filter(f -> f.getOutcome() == o).toList();
    }
}
