package org.retrowalk.cds.decision;

import java.util.List;

/**
 * A rule that fired: its outcome and modifications (from the DRL), and its words (from the rule catalogue, filled
 * with what it matched): title, summary phrase, reasons, advice, evidence notes and the suggestions it asks for.
 * Also a fact in the session, while the rules run, for the rules that reason about other rules.
 */
public final class FiredRule implements Comparable<FiredRule> {
    private final String ruleId;
    private final String name;
    private final Outcome outcome;
    private final List<SafetyModification> modifications;
    private final Words words;

    /** A rule's words as rendered for one decision. */
    public record Words(String summary, List<String> reasons, List<String> advice, boolean adviceAlways, List<String> evidenceNotes,
                        List<String> suggestions) {
        static final Words NONE = new Words(null, List.of(), List.of(), false, List.of(), List.of());
    }

    public FiredRule(String ruleId, String name, Outcome outcome, List<SafetyModification> modifications, Words words) {
        this.ruleId = ruleId;
        this.name = name;
        this.outcome = outcome;
        this.modifications = modifications;
        this.words = words;
    }

    public String getRuleId() {
        return ruleId;
    }

    /** The rule's title as people read it, e.g. "one non-injurious fall, fear of falling or feeling unsteady". */
    public String getName() {
        return name;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    public List<String> getReasons() {
        return words.reasons();
    }

    public List<SafetyModification> getModifications() {
        return modifications;
    }

    /** The phrase a card's summary line uses for this rule, or null. */
    public String getSummary() {
        return words.summary();
    }

    public List<String> getAdvice() {
        return words.advice();
    }

    /** Whether the advice applies whatever the card decides (a medication review, for example). */
    public boolean isAdviceAlways() {
        return words.adviceAlways();
    }

    public List<String> getEvidenceNotes() {
        return words.evidenceNotes();
    }

    /** Kinds of suggested orders the rule asks for (rules/rule-catalogue.yaml, suggestions). */
    public List<String> getSuggestions() {
        return words.suggestions();
    }

    @Override
    public int compareTo(FiredRule other) {
        return ruleId.compareTo(other.ruleId);
    }

    @Override
    public String toString() {
        return ruleId + " " + outcome;
    }
}
