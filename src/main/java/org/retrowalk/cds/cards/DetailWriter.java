package org.retrowalk.cds.cards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.FiredRule;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.decision.RuleCatalogue;
import org.retrowalk.cds.decision.SafetyModification;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.DataNote;
import org.retrowalk.cds.orders.Orders;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.terminology.Terminology;

/**
 * The card's Markdown detail: the decision and every rule behind it, what to do, the prescription or the
 * reason against, the facts used with values and dates, and the evidence with its limits.
 */
final class DetailWriter {

    private final RuleCatalogue catalogue;
    private final Terminology terminology;
    private final ClinicalParameters parameters;

    DetailWriter(RuleCatalogue catalogue, Terminology terminology, ClinicalParameters parameters) {
        this.catalogue = catalogue;
        this.terminology = terminology;
        this.parameters = parameters;
    }

    String write(Decision decision, ClinicalFacts facts, int minutesPerSession) {
        StringBuilder md = new StringBuilder();
        md.append("**").append(decision.dataComplete() ? headline(decision.outcome())
                : "Backward walking is not advised on an incomplete record.").append("**\n\n");

        if (!decision.dataComplete()) {
            md.append("### Record incomplete\nThese parts of the record could not be read from the EHR's FHIR server:\n");
            decision.unreadSources().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> md.append("- **").append(e.getKey()).append("**: the server ").append(e.getValue()).append(".\n"));
            md.append("\nThey may hold falls, balance tests, walking aids, drugs or surgery that rule backward walking out, so it "
                    + "cannot be recommended on this record. Check them in the chart; reopening the chart asks again.\n\n");
        }

        md.append(decision.dataComplete() ? "### Why\n" : "### Rules that fired on the part that could be read\n");
        for (FiredRule rule : decision.firedRules()) {
            md.append("- **").append(rule.getRuleId()).append(" ").append(rule.getName()).append("** (")
                    .append(label(rule.getOutcome())).append("): ").append(capitalized(String.join(" ", rule.getReasons())))
                    .append(" _Sources: ").append(String.join(", ", catalogue.entry(rule.getRuleId()).sources())).append("._\n");
        }

        List<String> advice = advice(decision);
        if (!decision.dataComplete()) {
            advice.add(0, "Check the unread parts of the record in the chart before considering backward walking.");
        }
        if (!advice.isEmpty()) {
            md.append("\n### What to do\n");
            advice.forEach(a -> md.append("- ").append(a).append('\n'));
        }

        if (decision.outcome() == Outcome.RECOMMEND || decision.outcome() == Outcome.MODIFY) {
            prescription(md, decision.modifications(), minutesPerSession);
            if (!decision.modifications().isEmpty()) {
                md.append("\n### Safety measures\n");
                modifications(md, decision);
            }
        } else if (decision.outcome() == Outcome.ASSESS_FIRST && !decision.modifications().isEmpty()) {
            md.append("\n### If the assessment allows backward walking\nThese safety measures already apply:\n");
            modifications(md, decision);
        }

        facts(md, facts);

        if (!facts.notes().isEmpty()) {
            md.append("\n### About the data\n");
            for (DataNote note : facts.notes()) {
                md.append("- ").append(note.kind() == DataNote.Kind.CONFLICT ? "**Conflict:** "
                        : note.kind() == DataNote.Kind.FROM_TEXT ? "**Matched from text:** " : "").append(note.text()).append('\n');
            }
        }

        evidence(md, decision, facts);
        md.append("\n_Decision support, not a substitute for clinical judgement. Not a validated guideline. Rule set ")
                .append(decision.ruleSetVersion()).append(", evaluated on ").append(facts.evaluationDate()).append("._\n");
        return md.toString();
    }

    private static String headline(Outcome outcome) {
        return switch (outcome) {
            case RECOMMEND -> "Backward walking can be added to this patient's knee OA exercise therapy.";
            case MODIFY -> "Backward walking can be added, but only with the safety measures below.";
            case ADVISE_AGAINST -> "Backward walking is not advised for this patient now.";
            case ASSESS_FIRST -> "Assess before deciding on backward walking.";
            case NO_CARD -> "";
        };
    }

    private static String label(Outcome outcome) {
        return switch (outcome) {
            case RECOMMEND -> "recommend";
            case MODIFY -> "safety measures";
            case ADVISE_AGAINST -> "advise against";
            case ASSESS_FIRST -> "assess first";
            case NO_CARD -> "no card";
        };
    }

    /** The advice of the rules that decide (and of those whose advice always applies), without repeats. */
    private List<String> advice(Decision decision) {
        Set<String> advice = new LinkedHashSet<>();
        for (FiredRule rule : decision.firedRules()) {
            if (rule.getOutcome() == decision.outcome() || rule.isAdviceAlways()) {
                advice.addAll(rule.getAdvice());
            }
        }
        return new ArrayList<>(advice);
    }

    private void prescription(StringBuilder md, List<SafetyModification> modifications, int minutes) {
        ClinicalParameters.Prescription dose = parameters.prescription();
        md.append("\n### Prescription (adjunct to the core programme, never a replacement)\n")
                .append("- Core programme continues: education, strengthening, aerobic exercise, weight management.\n")
                .append("- Treadmill with both handrails and a safety stop; ").append(modifications.contains(SafetyModification.SUPERVISED)
                        ? "every session" : "first sessions").append(" supervised by a physiotherapist.\n")
                .append("- 5-10 min forward walking warm-up, then **").append(minutes).append(" min backward walking at ")
                .append(modifications.contains(SafetyModification.REDUCED_SPEED) ? "reduced" : "comfortable").append(" speed, ")
                .append(dose.sessionsPerWeek()).append(" sessions a week, ").append(dose.programmeWeeks()).append(" weeks**.\n")
                .append("- Progress duration first (15 min, at most ").append(dose.maxMinutesPerSession()).append("), then speed.\n")
                .append("- Pain during exercise at most 5/10 and back to baseline the next morning.\n")
                .append("- Review pain, function and TUG at ").append(dose.programmeWeeks()).append(" weeks.\n");
        md.append("- ").append(Orders.homePractice(modifications)).append('\n');
    }

    private void modifications(StringBuilder md, Decision decision) {
        decision.modificationsByRule().forEach((m, rules) -> md.append("- **").append(terminology.display("safety-modification", m.name()))
                .append("** (").append(m.name()).append("; ").append(String.join(", ", rules.stream().map(FiredRule::getRuleId).toList())).append(")\n"));
    }

    private void facts(StringBuilder md, ClinicalFacts f) {
        md.append("\n### Facts used\n| Fact | Value | Date |\n|---|---|---|\n");
        FactRows.of(f, parameters).forEach(r -> row(md, r.fact(), r.value(), r.date()));
    }

    private void evidence(StringBuilder md, Decision decision, ClinicalFacts facts) {
        md.append("\n### Evidence and its limits\n")
                .append("- **Benefit:** meta-analyses show less pain and disability when backward walking is added to physiotherapy for knee OA (LIN2025, BAL2019, ALG2019).\n")
                .append("- **Risk:** falls during backward walking have caused serious injuries; safeguards are required (THO2000).\n")
                .append("- Backward walking is an **adjunct, not a replacement** for the core programme (NICE226).\n")
                .append("- Not supported by the evidence: backward walking as the only treatment, long-term benefit, superiority over other strengthening exercise.\n");
        Integer age = facts.patient().getAge();
        boolean older = age != null && age >= parameters.age().oldest();
        boolean severeOa = facts.kneeOa().isKlGradeKnown() && facts.kneeOa().getKlGrade() >= parameters.rules().severeKlGrade();
        if (older || severeOa) {
            md.append("- Trial participants were in their mid-50s with mild to moderate OA; this patient is ")
                    .append(older ? "much older" : "").append(older && severeOa ? " and " : "").append(severeOa ? "has more severe OA" : "")
                    .append(", so the evidence applies less directly.\n");
        }
        decision.firedRules().stream().flatMap(r -> r.getEvidenceNotes().stream()).distinct()
                .forEach(note -> md.append("- ").append(note).append('\n'));
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static void row(StringBuilder md, String fact, String value, String date) {
        md.append("| ").append(cell(fact)).append(" | ").append(cell(value)).append(" | ").append(cell(date)).append(" |\n");
    }

    /** Record text inside a table cell must not break the table. */
    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
