package org.retrowalk.cds.app;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.FiredRule;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.decision.SafetyModification;
import org.retrowalk.cds.evaluation.PatientEvaluator;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.orders.Orders;
import org.retrowalk.cds.orders.ProfileValidator;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.parameters.EvaluationClock;
import org.retrowalk.cds.terminology.Terminology;

/**
 * The prescription page: section 6's programme pre-filled from the decision, the safety measures its rules require
 * (shown as required, with the rules), the dose editable within section 7's ranges and checked by the same
 * {@link OrderCheck} as order-sign, and the ServiceRequest that Save writes, validated against our profile first.
 * A patient for whom backward walking is not advised, or who needs an assessment first, gets no form.
 */
@ApplicationScoped
public class PrescriptionPage {

    /** What the physiotherapist typed: numbers as text (the check names what is not a number) and the extra measures. */
    public record Form(String sessionsPerWeek, String minutesPerSession, String weeks, List<String> extraMeasures) {}

    public record View(String headline, String outcomeClass, boolean prescribable, String notPrescribable, String reason,
                       List<Measure> required, List<Measure> optional, Form form, Ranges ranges, Check check,
                       List<ExistingOrder> existing, String formToken) {}

    public record Measure(String code, String name, List<String> requiredBy, boolean chosen) {}

    public record Ranges(ClinicalParameters.Range sessionsPerWeek, ClinicalParameters.Range minutesPerSession, ClinicalParameters.Range weeks,
                         int standardSessions, int standardMinutes, int standardWeeks, int maxMinutes) {}

    /** The live check's answer: problems (none when the order is consistent) and the dose the checks would write. */
    public record Check(List<String> problems, String corrected, String summary) {
        public boolean consistent() {
            return problems.isEmpty();
        }
    }

    public record ExistingOrder(String id, String summary, String status, String authored, List<String> measures) {}

    /** The order Save would write, or why it cannot. */
    public record Draft(ServiceRequest order, Check check, List<String> invalid) {}

    @Inject
    CardFactory cards;
    @Inject
    OrderCheck orderCheck;
    @Inject
    ProfileValidator validator;
    @Inject
    Terminology terminology;
    @Inject
    ClinicalParameters parameters;
    @Inject
    EvaluationClock clock;

    private Orders orders() {
        return new Orders(terminology, parameters);
    }

    /** The form as first shown: section 6's dose (REDUCED_DOSE's shorter sessions where required), no extra measures. */
    public Form prefilled(Decision decision) {
        Orders.Prescribed standard = orders().standardDose(decision.modifications());
        return new Form(Integer.toString(standard.sessionsPerWeek()), Integer.toString(standard.minutesPerSession()),
                Integer.toString(standard.weeks()), List.of());
    }

    public View view(PatientEvaluator.Evaluation evaluation, Form form, List<ServiceRequest> existing, String formToken) {
        Decision decision = evaluation.decision();
        boolean prescribable = decision.outcome() == Outcome.RECOMMEND || decision.outcome() == Outcome.MODIFY;
        List<Measure> required = new ArrayList<>();
        decision.modificationsByRule().forEach((m, rules) -> required.add(new Measure(m.name(), display(m),
                rules.stream().map(FiredRule::getName).toList(), true)));
        List<Measure> optional = new ArrayList<>();
        for (SafetyModification m : SafetyModification.values()) {
            if (!decision.modifications().contains(m)) {
                optional.add(new Measure(m.name(), display(m), List.of(), form.extraMeasures().contains(m.name())));
            }
        }
        ClinicalParameters.OrderChecks ranges = parameters.orderChecks();
        ClinicalParameters.Prescription standard = parameters.prescription();
        Check check = prescribable && existing.isEmpty() ? draft(evaluation, form, null).check() : null;
        return new View(headline(decision), decision.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), prescribable,
                prescribable ? null : notPrescribable(decision), evaluation.facts().kneeOa().getDiagnosis(), required, optional, form,
                new Ranges(ranges.sessionsPerWeek(), ranges.minutesPerSession(), ranges.programmeWeeks(), standard.sessionsPerWeek(),
                        standard.minutesPerSession(), standard.programmeWeeks(), standard.maxMinutesPerSession()),
                check, existing.stream().map(this::existing).toList(), formToken);
    }

    /**
     * The ServiceRequest the form describes (status active, intent order: the physiotherapist's own prescription),
     * checked as order-sign checks a draft, then against our profile.
     */
    public Draft draft(PatientEvaluator.Evaluation evaluation, Form form, String requester) {
        List<String> problems = new ArrayList<>();
        Integer sessions = number(form.sessionsPerWeek(), "Sessions a week", problems);
        Integer minutes = number(form.minutesPerSession(), "Minutes a session", problems);
        Integer weeks = number(form.weeks(), "Weeks", problems);
        if (!problems.isEmpty()) {
            return new Draft(null, new Check(problems, null, null), List.of());
        }
        Decision decision = evaluation.decision();
        Set<SafetyModification> measures = EnumSet.noneOf(SafetyModification.class);
        measures.addAll(decision.modifications());
        for (String extra : form.extraMeasures()) {
            try {
                measures.add(SafetyModification.valueOf(extra));
            } catch (IllegalArgumentException unknown) {
                problems.add("\"" + extra + "\" is not a safety measure this app knows.");
            }
        }
        ServiceRequest order = orders().programme(evaluation.facts(), List.copyOf(measures), new Orders.Prescribed(sessions, minutes, weeks), requester);
        order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        order.setAuthoredOn(Date.from(clock.now().toInstant()));
        OrderCheck.Findings findings = orderCheck.check(order, List.copyOf(measures));
        problems.addAll(findings.doseProblems().stream().map(PrescriptionPage::sentence).toList());
        findings.missing().forEach(m -> problems.add("The safety measure \"" + display(m) + "\" is required."));
        String corrected = findings.consistent() ? null : findings.corrected().describe();
        Check check = new Check(problems, corrected, findings.dose().describe());
        List<String> invalid = new ArrayList<>();
        if (check.consistent()) {
            validator.validate(order, ProfileValidator.PRESCRIPTION_PROFILE).getMessages().stream()
                    .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                    .forEach(m -> invalid.add(m.getLocationString() + ": " + m.getMessage()));
        }
        return new Draft(order, check, invalid);
    }

    private ExistingOrder existing(ServiceRequest order) {
        List<String> measures = order.getOrderDetail().stream().map(d -> d.hasText() ? d.getText() : d.getCodingFirstRep().getDisplay())
                .filter(t -> t != null).toList();
        return new ExistingOrder(order.getIdElement().getIdPart(), OrderCheck.dose(order).describe(), order.getStatus() == null ? "" : order.getStatus().getDisplay(),
                order.hasAuthoredOn() ? new java.text.SimpleDateFormat("yyyy-MM-dd").format(order.getAuthoredOn()) : "not stated", measures);
    }

    private String headline(Decision decision) {
        return decision.outcome() == Outcome.NO_CARD ? "No advice on backward walking for this patient." : cards.headline(decision) + ".";
    }

    private static String notPrescribable(Decision decision) {
        return switch (decision.outcome()) {
            case ADVISE_AGAINST -> "Backward walking is not advised for this patient now, so this app does not prescribe it. The decision page says why and what to do instead.";
            case ASSESS_FIRST -> "Record the assessment first (Reassessment): the decision, and then the prescription, depend on it.";
            default -> "The record gives no reason for a backward-walking programme (no active knee osteoarthritis, or the patient is not an adult).";
        };
    }

    private String display(SafetyModification m) {
        return terminology.display("safety-modification", m.name());
    }

    private static Integer number(String text, String field, List<String> problems) {
        try {
            return Integer.valueOf(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            problems.add(field + ": enter a whole number.");
            return null;
        }
    }

    private static String sentence(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }
}
