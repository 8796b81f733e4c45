package org.retrowalk.cds.prescription;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.cdshooks.CdsException;
import org.retrowalk.cds.cdshooks.OperationOutcomes;
import org.retrowalk.cds.clinical.ClinicalFacts;
import org.retrowalk.cds.clinical.EvaluationClock;
import org.retrowalk.cds.clinical.FactExtractor;
import org.retrowalk.cds.clinical.Terminology;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.decision.FiredRule;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.FhirParseErrors;
import org.retrowalk.cds.fhir.PatientRecord;
import org.retrowalk.cds.fhir.References;

/**
 * POST /prescriptions/$validate: checks a backward-walking prescription without a CDS Hooks call, for a
 * documentation system. The body is the ServiceRequest, or a Parameters with "resource" (the ServiceRequest)
 * and "record" (a Bundle of the patient's resources) to check it against the patient's rules too. The answer
 * is an OperationOutcome (200): errors and warnings of the profile, then of the patient's rules.
 */
@Path("/prescriptions")
@Tag(name = "Prescriptions", description = "Checking a physiotherapist's backward-walking prescription")
public class PrescriptionResource {

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

    /** "$validate" is matched here, not in @Path: JAX-RS path templates are regular expressions, where $ is an anchor. */
    @POST
    @Path("/{operation}")
    @Operation(summary = "$validate: check a ServiceRequest against the prescription profile and the order checks",
            description = "The body is a ServiceRequest, or Parameters with it as 'resource' (and optionally the patient's record). "
                    + "The answer is an OperationOutcome listing every problem found; {operation} must be $validate.")
    @Consumes({"application/fhir+json", "application/json"})
    @Produces("application/fhir+json")
    public Response validate(@PathParam("operation") String operation, String body) {
        if (!"$validate".equals(operation)) {
            throw CdsException.notFound("The only operation on prescriptions is $validate.");
        }
        IBaseResource parsed;
        try {
            parsed = FhirContextProducer.jsonParser().parseResource(body);
        } catch (RuntimeException e) {
            throw CdsException.badRequest("The body is not a FHIR R4 resource in JSON: " + FhirParseErrors.describe(e) + ".");
        }
        ServiceRequest order;
        Bundle record = null;
        if (parsed instanceof ServiceRequest sr) {
            order = sr;
        } else if (parsed instanceof Parameters parameters && parameters.getParameter("resource") != null
                && parameters.getParameter("resource").getResource() instanceof ServiceRequest sr) {
            order = sr;
            Resource given = parameters.getParameter("record") == null ? null : parameters.getParameter("record").getResource();
            if (given != null && !(given instanceof Bundle)) {
                throw CdsException.badRequest("Parameter 'record' must be a Bundle of the patient's resources.");
            }
            record = (Bundle) given;
        } else {
            throw CdsException.badRequest("Send the ServiceRequest, or a Parameters with 'resource' (the ServiceRequest) and optionally 'record'.");
        }

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
        return Response.ok(FhirContextProducer.jsonParser().encodeResourceToString(outcome), "application/fhir+json").build();
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
