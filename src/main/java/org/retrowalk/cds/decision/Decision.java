package org.retrowalk.cds.decision;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules' answer for one patient: the winning outcome, every rule that fired, the modifications, and the
 * parts of the record that could not be read (key -> why), if any.
 */
public record Decision(Outcome outcome, List<FiredRule> firedRules, List<SafetyModification> modifications, String ruleSetVersion,
                       Map<String, String> unreadSources) {

    /** Most restrictive outcome wins; modifications come from MODIFY rules and matter unless advising against. */
    public static Decision of(List<FiredRule> fired, String ruleSetVersion) {
        Outcome outcome = fired.stream().map(FiredRule::getOutcome).min(Enum::compareTo).orElse(Outcome.NO_CARD);
        Set<SafetyModification> modifications = EnumSet.noneOf(SafetyModification.class);
        if (outcome == Outcome.MODIFY || outcome == Outcome.ASSESS_FIRST) {
            fired.stream().filter(f -> f.getOutcome() == Outcome.MODIFY).forEach(f -> modifications.addAll(f.getModifications()));
        }
        return new Decision(outcome, List.copyOf(fired), List.copyOf(modifications), ruleSetVersion, Map.of());
    }

    /**
     * The decision when parts of the record could not be read. The unread parts may hold exactly what rules
     * backward walking out (a fall, a severe balance test, a drug), so no answer short of advising against
     * is safe: every outcome but NO_CARD (which rests on the demographics and conditions, always read)
     * becomes ADVISE_AGAINST, without modifications. The rules that fired on the readable part stay listed.
     */
    public Decision incomplete(Map<String, String> unread) {
        if (unread.isEmpty()) {
            return this;
        }
        Outcome capped = outcome == Outcome.NO_CARD ? Outcome.NO_CARD : Outcome.ADVISE_AGAINST;
        return new Decision(capped, firedRules, List.of(), ruleSetVersion, Map.copyOf(unread));
    }

    public boolean dataComplete() {
        return unreadSources.isEmpty();
    }

    public List<String> ruleIds() {
        return firedRules.stream().map(FiredRule::getRuleId).toList();
    }

    public boolean fired(String ruleId) {
        return rule(ruleId).isPresent();
    }

    /** Each modification the decision requires, with the MODIFY rules that require it, in the decision's order. */
    public Map<SafetyModification, List<FiredRule>> modificationsByRule() {
        Map<SafetyModification, List<FiredRule>> byRule = new java.util.LinkedHashMap<>();
        modifications.forEach(m -> byRule.put(m, rulesWith(Outcome.MODIFY).stream().filter(r -> r.getModifications().contains(m)).toList()));
        return byRule;
    }

    public Optional<FiredRule> rule(String ruleId) {
        return firedRules.stream().filter(f -> f.getRuleId().equals(ruleId)).findFirst();
    }

    public List<FiredRule> rulesWith(Outcome o) {
        return firedRules.stream().filter(f -> f.getOutcome() == o).toList();
    }
}
