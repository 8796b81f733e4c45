package org.retrowalk.cds.decision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The DRL's only way to decide: each consequence calls one of these with its own context and what it matched
 * (name, value, name, value...), so the rule's ID comes from its name and cannot drift from it, and its words
 * come from the rule catalogue filled with those values. One record per rule ID, however often it matches.
 */
public final class DecisionRecorder {

    private final RuleTexts texts;
    private final Map<String, Firing> firings = new LinkedHashMap<>();

    private static final class Firing {
        final String title;
        final Outcome outcome;
        final List<SafetyModification> modifications;
        final List<Map<String, Object>> matches = new ArrayList<>();

        Firing(String title, Outcome outcome, List<SafetyModification> modifications) {
            this.title = title;
            this.outcome = outcome;
            this.modifications = modifications;
        }
    }

    public DecisionRecorder(RuleTexts texts) {
        this.texts = texts;
    }

    public void noCard(RuleContext rule, Object... matched) {
        record(rule, Outcome.NO_CARD, List.of(), matched);
    }

    public void adviseAgainst(RuleContext rule, Object... matched) {
        record(rule, Outcome.ADVISE_AGAINST, List.of(), matched);
    }

    public void assessFirst(RuleContext rule, Object... matched) {
        record(rule, Outcome.ASSESS_FIRST, List.of(), matched);
    }

    public void modifyWith(RuleContext rule, List<SafetyModification> modifications, Object... matched) {
        record(rule, Outcome.MODIFY, modifications, matched);
    }

    public void recommend(RuleContext rule, Object... matched) {
        record(rule, Outcome.RECOMMEND, List.of(), matched);
    }

    private void record(RuleContext rule, Outcome outcome, List<SafetyModification> modifications, Object... matched) {
        String fullName = rule.getRule().getName();
        int space = fullName.indexOf(' ');
        String id = space < 0 ? fullName : fullName.substring(0, space);
        String name = space < 0 ? "" : fullName.substring(space + 1);
        if (matched.length % 2 != 0) {
            throw new IllegalArgumentException(id + " passed an odd number of matched names and values");
        }
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (int i = 0; i < matched.length; i += 2) {
            bindings.put((String) matched[i], matched[i + 1]);
        }
        Firing firing = firings.get(id);
        if (firing == null) {
            // The title is rendered from the first match, once: later rules (R16, R40, R50, R51) reason about which
            // rules fired, and R16 names them by their titles; the decision's words use the same title.
            String title = texts.render(id, "title", bindings);
            firing = new Firing(title == null ? name : title, outcome, List.copyOf(modifications));
            firings.put(id, firing);
            rule.getKieRuntime().insert(new FiredRule(id, firing.title, outcome, firing.modifications, FiredRule.Words.NONE));
        } else if (firing.outcome != outcome) {
            throw new IllegalStateException(id + " decided both " + firing.outcome + " and " + outcome);
        }
        firing.matches.add(bindings);
    }

    public boolean isNoCard() {
        return firings.values().stream().anyMatch(f -> f.outcome == Outcome.NO_CARD);
    }

    /** The rules that fired, by ID, each with its words rendered from what it matched. */
    public List<FiredRule> fired() {
        List<FiredRule> result = new ArrayList<>();
        firings.forEach((id, f) -> {
            RuleCatalogue.Entry entry = texts.catalogue().entry(id);
            Set<String> reasons = new LinkedHashSet<>();
            Set<String> notes = new LinkedHashSet<>();
            for (Map<String, Object> match : f.matches) {
                reasons.add(texts.render(id, "reason", match));
                String note = texts.render(id, "evidenceNote", match);
                if (note != null && !note.isBlank()) {
                    notes.add(note);
                }
            }
            Map<String, Object> first = f.matches.get(0);
            FiredRule.Words words = new FiredRule.Words(texts.render(id, "summary", first), List.copyOf(reasons),
                    texts.advice(id, first), entry.isAdviceAlways(), List.copyOf(notes), entry.suggestions());
            result.add(new FiredRule(id, f.title, f.outcome, f.modifications, words));
        });
        result.sort(null);
        return result;
    }
}
