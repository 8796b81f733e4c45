package org.retrowalk.cds.cards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.FiredRule;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.decision.RuleTexts;
import org.retrowalk.cds.decision.SafetyModification;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.DataNote;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.terminology.Terminology;

/**
 * A card's Markdown detail, read in ten seconds: the decision; the reasons from the record that decided it, with their
 * values and dates; every other rule that fired, in a short phrase each (a clinician sees every reason: the dementia,
 * the anticoagulant, the presumed fall); what to do (the safety measures as one line, or what to do instead); a
 * cautious reading of the record, if any; one sentence of evidence; and the line saying it is decision support. No
 * rule ids, codes or citation keys: those stay in the card's extension and the audit trail, and the whole explanation
 * is in the app.
 */
final class DetailWriter {

    /** The evidence supports backward walking added to core knee OA therapy, never instead of it. */
    private static final String PRESCRIPTION = "**Prescription** (an adjunct to core therapy, never a replacement): ";

    private final RuleTexts texts;
    private final Terminology terminology;

    DetailWriter(RuleTexts texts, Terminology terminology) {
        this.texts = texts;
        this.terminology = terminology;
    }

    /** The patient-view card's detail. */
    String write(Decision decision, ClinicalFacts facts, int minutesPerSession) {
        List<String> lines = new ArrayList<>();
        if (!decision.dataComplete()) {
            lines.add("**Backward walking is not advised on an incomplete record.**");
            lines.add(incomplete(decision));
        } else {
            lines.add("**" + decisionSentence(decision.outcome()) + "**");
            lines.add(why("Why", decision.rulesWith(decision.outcome())));
        }
        alsoOnRecord(decision, decision.dataComplete() ? decision.rulesWith(decision.outcome()) : List.of()).ifPresent(lines::add);
        switch (decision.outcome()) {
            case RECOMMEND -> lines.add(PRESCRIPTION + dose(minutesPerSession) + "; first sessions supervised.");
            case MODIFY -> {
                lines.add("**Only with:** " + measures(decision.modifications()) + ".");
                lines.add(PRESCRIPTION + dose(minutesPerSession) + ".");
            }
            case ADVISE_AGAINST, ASSESS_FIRST -> {
                List<String> advice = advice(decision);
                if (!decision.dataComplete()) {
                    advice.add(0, "Check the unread parts in the chart; reopening it asks again.");
                }
                if (!advice.isEmpty()) {
                    lines.add((decision.outcome() == Outcome.ADVISE_AGAINST ? "**Instead:** " : "**First:** ") + String.join(" ", advice));
                }
            }
            case NO_CARD -> {
            }
        }
        conflict(facts).ifPresent(lines::add);
        lines.add(evidence(decision));
        lines.add(disclaimer());
        return String.join("\n\n", lines) + "\n";
    }

    /**
     * An order card's detail: the order as written, what is wrong with it and the corrected dose (consistent with the
     * correction the card suggests), or why it is not advised and what to do instead.
     */
    String order(Decision decision, ClinicalFacts facts, String orderText, OrderCheck.Findings findings) {
        List<String> lines = new ArrayList<>();
        lines.add("**This order:** " + orderText + ", " + findings.dose().describe() + ".");
        List<FiredRule> shown = new ArrayList<>();
        switch (decision.outcome()) {
            case ADVISE_AGAINST -> {
                lines.add(decision.dataComplete() ? why("Not advised because", decision.rulesWith(Outcome.ADVISE_AGAINST), shown)
                        : incomplete(decision));
                List<String> advice = advice(decision);
                if (!advice.isEmpty()) {
                    lines.add("**Instead:** " + String.join(" ", advice));
                }
            }
            case ASSESS_FIRST -> {
                lines.add(why("Assess first", decision.rulesWith(Outcome.ASSESS_FIRST), shown));
                corrections(decision, findings, lines);
            }
            default -> {
                if (findings.consistent()) {
                    lines.add("Its dose is within the evidence and it carries every safety measure this patient needs"
                            + (decision.modifications().isEmpty() ? "." : " (" + measures(decision.modifications()) + ")."));
                } else {
                    corrections(decision, findings, lines);
                    if (!findings.missing().isEmpty()) {
                        lines.add(why("Why these measures", decision.rulesWith(Outcome.MODIFY), shown));
                    }
                }
            }
        }
        alsoOnRecord(decision, shown).ifPresent(lines::add);
        conflict(facts).ifPresent(lines::add);
        lines.add(disclaimer());
        return String.join("\n\n", lines) + "\n";
    }

    /** On every card, patient-view and order alike (clinical specification, section 5a; CDS contract, Cards). */
    private String disclaimer() {
        return "_" + texts.word("card-disclaimer", Map.of()) + "_";
    }

    private void corrections(Decision decision, OrderCheck.Findings findings, List<String> lines) {
        if (findings.consistent()) {
            return;
        }
        List<String> wrong = new ArrayList<>();
        if (!findings.missing().isEmpty()) {
            wrong.add("it lacks " + measures(findings.missing()));
        }
        findings.doseProblems().forEach(wrong::add);
        lines.add("**To correct:** " + String.join("; ", wrong) + ".");
        lines.add("**Corrected order (suggested below):** " + findings.corrected().describe()
                + (findings.missing().isEmpty() ? "" : ", with the missing safety measures") + ".");
    }

    private static String decisionSentence(Outcome outcome) {
        return switch (outcome) {
            case RECOMMEND -> "Backward walking can be added to this patient's knee OA exercise therapy.";
            case MODIFY -> "Backward walking can be added, but only with safety measures.";
            case ADVISE_AGAINST -> "Backward walking is not advised for this patient now.";
            case ASSESS_FIRST -> "Assess before deciding on backward walking.";
            case NO_CARD -> "";
        };
    }

    /** The same, noting the rules as shown, so that "Also on record" names only the others. */
    private static String why(String lead, List<FiredRule> rules, List<FiredRule> shown) {
        shown.addAll(rules);
        return why(lead, rules);
    }

    /** The reasons of these rules (the deciding ones), each once. */
    private static String why(String lead, List<FiredRule> rules) {
        List<String> reasons = reasons(rules);
        if (reasons.isEmpty()) {
            return "**" + lead + ":** none of the risks the rules look for is on record.";
        }
        return "**" + lead + ":** " + String.join(" ", reasons);
    }

    /**
     * Every rule that fired and is not among {@code shown}, by its reason from the record: the card names every rule, so
     * that a finding that did not decide (dementia beside two falls, an anticoagulant beside a fracture) is still seen.
     */
    private static java.util.Optional<String> alsoOnRecord(Decision decision, List<FiredRule> shown) {
        List<FiredRule> others = decision.firedRules().stream().filter(r -> !shown.contains(r) && r.getOutcome() != Outcome.NO_CARD)
                .sorted(java.util.Comparator.comparing((FiredRule r) -> r.getOutcome().ordinal()).thenComparing(FiredRule::getRuleId))
                .toList();
        List<String> reasons = reasons(others);
        reasons.removeAll(reasons(shown));
        return reasons.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("**Also on record:** " + String.join(" ", reasons));
    }

    private static List<String> reasons(List<FiredRule> rules) {
        return new ArrayList<>(new LinkedHashSet<>(rules.stream().flatMap(r -> r.getReasons().stream()).map(DetailWriter::sentence).toList()));
    }

    private String incomplete(Decision decision) {
        List<String> parts = decision.unreadSources().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> (texts.hasWord("record-part-" + e.getKey()) ? texts.word("record-part-" + e.getKey(), Map.of()) : "other parts")
                        + ": the server " + e.getValue()).distinct().toList();
        return "**Record incomplete:** the EHR's FHIR server could not give the patient's " + String.join("; ", parts)
                + ". They may hold what rules backward walking out (a fall, a fracture, a drug).";
    }

    /** The advice of the deciding rules (and of those whose advice always applies), without repeats. */
    private static List<String> advice(Decision decision) {
        Set<String> advice = new LinkedHashSet<>();
        for (FiredRule rule : decision.firedRules()) {
            if (rule.getOutcome() == decision.outcome() || rule.isAdviceAlways()) {
                rule.getAdvice().forEach(a -> advice.add(sentence(a)));
            }
        }
        return new ArrayList<>(advice);
    }

    /**
     * Where the record was ambiguous and the cautious reading was taken (conflicting values, a fact matched from text,
     * an assumption): the first such note, and how many more the app shows. The card says so.
     */
    private static java.util.Optional<String> conflict(ClinicalFacts facts) {
        List<DataNote> cautious = facts.notes().stream().filter(n -> n.kind() == DataNote.Kind.CONFLICT
                || n.kind() == DataNote.Kind.FROM_TEXT || n.kind() == DataNote.Kind.ASSUMED)
                .sorted(java.util.Comparator.comparing(DataNote::kind)).toList();
        if (cautious.isEmpty()) {
            return java.util.Optional.empty();
        }
        DataNote first = cautious.get(0);
        String lead = first.kind() == DataNote.Kind.CONFLICT ? "Conflicting data" : first.kind() == DataNote.Kind.FROM_TEXT
                ? "Matched from text" : "Assumed";
        return java.util.Optional.of("**" + lead + ":** " + sentence(first.text())
                + (cautious.size() > 1 ? " (" + (cautious.size() - 1) + " more note" + (cautious.size() == 2 ? "" : "s") + " in the app.)" : ""));
    }

    private String evidence(Decision decision) {
        Set<String> notes = new LinkedHashSet<>();
        decision.firedRules().forEach(r -> r.getEvidenceNotes().forEach(n -> notes.add(sentence(n))));
        return "**Evidence:** " + texts.word("card-evidence", Map.of()) + (notes.isEmpty() ? "" : " " + String.join(" ", notes));
    }

    private String dose(int minutes) {
        return texts.word("card-dose", Map.of("minutes", minutes));
    }

    /** Safety measures as one line of words. */
    String measures(List<SafetyModification> modifications) {
        return String.join(", ", modifications.stream()
                .map(m -> lowerFirst(terminology.display("safety-modification", m.name()))).toList());
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static String sentence(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return trimmed;
        }
        String capital = Character.toUpperCase(trimmed.charAt(0)) + trimmed.substring(1);
        return capital.endsWith(".") || capital.endsWith("?") || capital.endsWith(")") && capital.contains(".)") ? capital : capital + ".";
    }
}
