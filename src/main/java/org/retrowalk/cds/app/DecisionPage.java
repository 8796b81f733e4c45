package org.retrowalk.cds.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.cards.FactRows;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.FiredRule;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.decision.RuleCatalogue;
import org.retrowalk.cds.decision.RuleTexts;
import org.retrowalk.cds.decision.SafetyModification;
import org.retrowalk.cds.evaluation.PatientEvaluator;
import org.retrowalk.cds.facts.DataNote;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.parameters.EvaluationClock;
import org.retrowalk.cds.terminology.Terminology;

/**
 * What the app's decision page shows: the same decision as the card, with the whole explanation the card leaves
 * out (every rule that fired with its reasons, the facts with values and dates, stale and conflicting data, the
 * safety measures with the rules that require them, the evidence and its limits).
 */
@ApplicationScoped
public class DecisionPage {

    /** The decision as the page shows it. */
    public record View(String outcome, String outcomeClass, String headline, boolean complete, List<String> unread,
                       List<RuleView> rules, List<SafetyView> safety, List<FactRows.Row> facts, List<NoteView> notes,
                       List<String> advice, List<String> evidenceNotes, List<EvidenceView> evidence, String ruleSetVersion,
                       String evaluationDate) {}

    public record RuleView(String title, String outcome, List<String> reasons) {}

    public record SafetyView(String name, List<String> requiredBy) {}

    public record NoteView(String kind, String text) {}

    public record EvidenceView(String citation, String url, String supports) {}

    @Inject
    CardFactory cards;
    @Inject
    RuleTexts texts;
    @Inject
    Terminology terminology;
    @Inject
    ClinicalParameters parameters;
    @Inject
    EvaluationClock clock;

    public View view(PatientEvaluator.Evaluation evaluation) {
        Decision decision = evaluation.decision();
        String headline = decision.outcome() == Outcome.NO_CARD ? "No advice on backward walking for this patient: "
                + String.join(" ", decision.firedRules().stream().flatMap(r -> r.getReasons().stream()).toList())
                : cards.headline(decision) + ".";
        List<RuleView> rules = decision.firedRules().stream()
                .map(r -> new RuleView(capitalized(r.getName()), label(r.getOutcome()), r.getReasons())).toList();
        List<SafetyView> safety = new ArrayList<>();
        decision.modificationsByRule().forEach((m, by) -> safety.add(new SafetyView(terminology.display("safety-modification", m.name()),
                by.stream().map(FiredRule::getName).toList())));
        Set<String> advice = new LinkedHashSet<>();
        Set<String> notes = new LinkedHashSet<>();
        for (FiredRule rule : decision.firedRules()) {
            if (rule.getOutcome() == decision.outcome() || rule.isAdviceAlways()) {
                advice.addAll(rule.getAdvice());
            }
            notes.addAll(rule.getEvidenceNotes());
        }
        List<EvidenceView> evidence = cards.evidence(decision).stream().map(e -> new EvidenceView(e.citation(), e.url(), e.supports())).toList();
        List<NoteView> dataNotes = evaluation.facts().notes().stream().map(n -> new NoteView(kind(n.kind()), n.text())).toList();
        List<String> unread = decision.unreadSources().entrySet().stream().map(e -> e.getKey() + ": the server " + e.getValue()).toList();
        return new View(decision.outcome().name(), decision.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                headline, decision.dataComplete(), unread, rules, safety, FactRows.of(evaluation.facts(), parameters), dataNotes,
                List.copyOf(advice), List.copyOf(notes), evidence, decision.ruleSetVersion(), clock.today().toString());
    }

    private static String label(Outcome outcome) {
        return switch (outcome) {
            case RECOMMEND -> "recommends";
            case MODIFY -> "requires safety measures";
            case ADVISE_AGAINST -> "advises against";
            case ASSESS_FIRST -> "asks for an assessment first";
            case NO_CARD -> "no advice";
        };
    }

    private static String kind(DataNote.Kind kind) {
        return switch (kind) {
            case CONFLICT -> "Conflicting";
            case STALE -> "Stale";
            case IGNORED -> "Not used";
            case ASSUMED -> "Assumed";
            case FROM_TEXT -> "From text";
        };
    }

    private static String capitalized(String text) {
        return text == null || text.isEmpty() ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
