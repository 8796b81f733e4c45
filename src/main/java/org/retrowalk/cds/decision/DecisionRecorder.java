package org.retrowalk.cds.decision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The DRL's only way to decide: each consequence calls one of these with its own context, so the rule's
 * ID comes from its name and cannot drift from it. One record per rule ID, however often it matches.
 */
public final class DecisionRecorder {

    private final Map<String, Firing> firings = new LinkedHashMap<>();

    private static final class Firing {
        final String name;
        final Outcome outcome;
        final List<String> reasons = new ArrayList<>();
        final List<SafetyModification> modifications;

        Firing(String name, Outcome outcome, List<SafetyModification> modifications) {
            this.name = name;
            this.outcome = outcome;
            this.modifications = modifications;
        }
    }

    public void noCard(RuleContext rule, String because) {
        record(rule, Outcome.NO_CARD, because);
    }

    public void adviseAgainst(RuleContext rule, String because) {
        record(rule, Outcome.ADVISE_AGAINST, because);
    }

    public void assessFirst(RuleContext rule, String because) {
        record(rule, Outcome.ASSESS_FIRST, because);
    }

    public void modifyWith(RuleContext rule, String because, SafetyModification... modifications) {
        record(rule, Outcome.MODIFY, because, modifications);
    }

    public void recommend(RuleContext rule, String because) {
        record(rule, Outcome.RECOMMEND, because);
    }

    private void record(RuleContext rule, Outcome outcome, String because, SafetyModification... modifications) {
        String fullName = rule.getRule().getName();
        int space = fullName.indexOf(' ');
        String id = space < 0 ? fullName : fullName.substring(0, space);
        String name = space < 0 ? "" : fullName.substring(space + 1);
        Firing firing = firings.get(id);
        if (firing == null) {
            firing = new Firing(name, outcome, List.copyOf(Arrays.asList(modifications)));
            firings.put(id, firing);
            // Later rules (R16, R40, R50, R51) reason about which rules fired.
            rule.getKieRuntime().insert(new FiredRule(id, name, outcome, List.of(), firing.modifications));
        } else if (firing.outcome != outcome) {
            throw new IllegalStateException(id + " decided both " + firing.outcome + " and " + outcome);
        }
        if (because != null && !because.isBlank() && !firing.reasons.contains(because)) {
            firing.reasons.add(because);
        }
    }

    public boolean isNoCard() {
        return firings.values().stream().anyMatch(f -> f.outcome == Outcome.NO_CARD);
    }

    public List<FiredRule> fired() {
        List<FiredRule> result = new ArrayList<>();
        firings.forEach((id, f) -> result.add(new FiredRule(id, f.name, f.outcome, List.copyOf(f.reasons), f.modifications)));
        result.sort((a, b) -> a.getRuleId().compareTo(b.getRuleId()));
        return result;
    }
}
