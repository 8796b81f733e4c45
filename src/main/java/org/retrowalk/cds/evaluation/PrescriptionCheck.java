package org.retrowalk.cds.evaluation;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.decision.FiredRule;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.FactExtractor;
import org.retrowalk.cds.fhir.References;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.orders.ProfileValidator;
import org.retrowalk.cds.parameters.EvaluationClock;
import org.retrowalk.cds.platform.CdsException;
import org.retrowalk.cds.record.PatientRecord;
import org.retrowalk.cds.terminology.Terminology;

/**
 * Checks a physiotherapist's backward-walking prescription outside a CDS Hooks call: against our profile, and,
 * given the patient's record, against the patient's rules and the order checks of order-sign. The answer is an
 * OperationOutcome: errors and warnings of the profile, then of the patient's rules.
 */
@ApplicationScoped
public class PrescriptionCheck {

    @Inject
    ProfileValidator validator;
    @Inject
    OrderCheck check;
    @Inject
    FactExtractor extractor;
    @Inject
    DecisionEngine engine;
    @Inject
    EvaluationClock clock;
    @Inject
    Terminology terminology;

    /** @param record the patient's resources, or null to check against the profile only */
    public OperationOutcome check(ServiceRequest order, Bundle record) {
        OperationOutcome outcome = new OperationOutcome();
        for (SingleValidationMessage m : validator.validate(order, ProfileValidator.PRESCRIPTION_PROFILE).getMessages()) {
            if (m.getSeverity().ordinal() >= ResultSeverityEnum.WARNING.ordinal() && !m.getMessage().contains("dom-6")) {
                outcome.addIssue().setSeverity(m.getSeverity() == ResultSeverityEnum.WARNING ? IssueSeverity.WARNING : IssueSeverity.ERROR)
                        .setCode(IssueType.INVALID).setDiagnostics(m.getMessage()).addExpression(m.getLocationString());
            }
        }
        if (!check.isBackwardWalking(order)) {
            issue(outcome, IssueSeverity.ERROR, IssueType.BUSINESSRULE, "This is not a backward-walking order: its code must be exercise therapy "
                    + "(or CPT 97116/97110) and its text or an orderDetail must name backward or retro walking.");
        } else if (record == null) {
            issue(outcome, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL,
                    "Checked against the profile only: send a Parameters with 'record' to check it against the patient's rules too.");
        } else {
            patientRules(order, record, outcome);
        }
        if (outcome.getIssue().stream().noneMatch(i -> i.getSeverity() == IssueSeverity.ERROR || i.getSeverity() == IssueSeverity.WARNING)) {
            issue(outcome, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, "The prescription is valid"
                    + (record == null ? " against the backward-walking prescription profile." : " and consistent with this patient's rules."));
        }
        return outcome;
    }

    private void patientRules(ServiceRequest order, Bundle bundle, OperationOutcome outcome) {
        String patientId = References.idPart(order.getSubject().getReference());
        if (patientId == null) {
            throw CdsException.badRequest("The ServiceRequest needs a subject to check it against the patient's rules.");
        }
        PatientRecord record;
        try {
            // The same check as the CDS paths: advice must never mix records.
            record = PatientRecord.fromBundle(patientId, bundle);
        } catch (IllegalArgumentException foreign) {
            throw CdsException.badRequest(foreign.getMessage() + " The record must be the one patient's the ServiceRequest names.");
        }
        ClinicalFacts facts = extractor.extract(record, clock.today());
        Decision decision = engine.decide(facts);
        String rules = String.join("; ", decision.firedRules().stream().map(r -> r.getRuleId() + " " + r.getName()).toList());
        switch (decision.outcome()) {
            case NO_CARD -> issue(outcome, IssueSeverity.WARNING, IssueType.BUSINESSRULE,
                    "The record gives no reason for this order: " + String.join(" ", decision.firedRules().stream()
                            .flatMap(r -> r.getReasons().stream()).toList()));
            case ADVISE_AGAINST -> issue(outcome, IssueSeverity.ERROR, IssueType.BUSINESSRULE,
                    "Backward walking is not advised for this patient (" + String.join("; ", decision.rulesWith(Outcome.ADVISE_AGAINST).stream()
                            .map(r -> r.getRuleId() + " " + r.getName() + ": " + String.join(" ", r.getReasons())).toList()) + ").");
            case ASSESS_FIRST -> issue(outcome, IssueSeverity.WARNING, IssueType.BUSINESSRULE,
                    "Assess the patient first (" + String.join("; ", decision.rulesWith(Outcome.ASSESS_FIRST).stream()
                            .map(r -> r.getRuleId() + " " + r.getName()).toList()) + ").");
            default -> {
            }
        }
        if (decision.outcome() != Outcome.ADVISE_AGAINST && decision.outcome() != Outcome.NO_CARD) {
            OrderCheck.Findings findings = check.check(order, decision.modifications());
            findings.missing().forEach(m -> issue(outcome, IssueSeverity.WARNING, IssueType.BUSINESSRULE,
                    "Add the safety modification " + m.name() + " (" + terminology.display("safety-modification", m.name()) + "), required by "
                            + String.join(", ", decision.rulesWith(Outcome.MODIFY).stream().filter(r -> r.getModifications().contains(m))
                            .map(FiredRule::getRuleId).toList()) + "."));
            findings.doseProblems().forEach(p -> issue(outcome, IssueSeverity.WARNING, IssueType.BUSINESSRULE, "Dose: " + p + "."));
        }
        issue(outcome, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, "Rules that fired: " + (rules.isEmpty() ? "none" : rules)
                + ". Rule set " + decision.ruleSetVersion() + ".");
    }

    private static void issue(OperationOutcome outcome, IssueSeverity severity, IssueType type, String text) {
        outcome.addIssue().setSeverity(severity).setCode(type).setDiagnostics(text);
    }
}
