package org.retrowalk.cds.orders;

import java.util.List;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Timing;
import org.retrowalk.cds.decision.SafetyModification;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.fhir.EncodedOnce;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.terminology.Terminology;

/** The FHIR ServiceRequests a card suggests: the programme itself, missing assessments, referrals. */
public final class Orders {

    static final String SNOMED = "http://snomed.info/sct";
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";

    private final Terminology terminology;
    private final ClinicalParameters.Prescription dose;
    private final EncodedOnce encoded = new EncodedOnce();

    public Orders(Terminology terminology, ClinicalParameters parameters) {
        this.terminology = terminology;
        this.dose = parameters.prescription();
    }

    /** A backward-walking dose: sessions a week, minutes a session, weeks. */
    public record Prescribed(int sessionsPerWeek, int minutesPerSession, int weeks) {}

    /** Section 6's default prescription with the modifications as coded orderDetail; intent proposal. */
    public ServiceRequest backwardWalkingProgramme(ClinicalFacts facts, List<SafetyModification> modifications, String requester) {
        return programme(facts, modifications, standardDose(modifications), requester);
    }

    /** Section 6's dose, with REDUCED_DOSE's shorter sessions where it applies. */
    public Prescribed standardDose(List<SafetyModification> modifications) {
        return new Prescribed(dose.sessionsPerWeek(), minutesPerSession(modifications), dose.programmeWeeks());
    }

    /** The programme at a dose of the prescriber's choosing (the app's prescription form); draft, intent proposal. */
    public ServiceRequest programme(ClinicalFacts facts, List<SafetyModification> modifications, Prescribed prescribed, String requester) {
        List<EncodedOnce.Slot> slots = List.of(EncodedOnce.Slot.id(facts.patient().getId()), requesterSlot(requester),
                EncodedOnce.Slot.id(facts.kneeOa().getConditionId()), EncodedOnce.Slot.text(facts.kneeOa().getDiagnosis()));
        return encoded.attach(buildProgramme(facts.patient().getId(), requester, facts.kneeOa().getConditionId(), facts.kneeOa().getDiagnosis(),
                        modifications, prescribed),
                "programme|" + modifications + "|" + prescribed + "|" + requesterShape(requester), slots,
                v -> buildProgramme(v.get(0), requesterOf(requester, v.get(1)), v.get(2), v.get(3), modifications, prescribed));
    }

    private ServiceRequest buildProgramme(String patientId, String requester, String conditionId, String diagnosis,
                                     List<SafetyModification> modifications, Prescribed prescribed) {
        ServiceRequest order = base(patientId, requester)
                .setCode(new CodeableConcept(new Coding(SNOMED, "229065009", "Exercise therapy")).setText("Backward walking training"));
        int minutes = prescribed.minutesPerSession();
        order.setOccurrence(new Timing().setRepeat(new Timing.TimingRepeatComponent()
                .setFrequency(prescribed.sessionsPerWeek()).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.WK)
                .setDuration(minutes).setDurationUnit(Timing.UnitsOfTime.MIN)
                .setBounds(weeks(prescribed.weeks()))));
        for (SafetyModification m : modifications) {
            String display = terminology.display("safety-modification", m.name());
            order.addOrderDetail(new CodeableConcept(new Coding(Terminology.SAFETY_MODIFICATION_SYSTEM, m.name(), display)).setText(display));
        }
        // The profile requires the diagnosis; a record whose diagnosis has no id still names it.
        Reference reason = conditionId != null ? new Reference("Condition/" + conditionId) : new Reference();
        order.addReasonReference(reason.setDisplay(diagnosis));
        order.setPatientInstruction(patientInstruction(modifications, prescribed));
        order.getMeta().addProfile(Terminology.BASE + "/StructureDefinition/backward-walking-prescription");
        narrative(order, "Backward walking training: " + minutes + " min, " + prescribed.sessionsPerWeek() + " times a week for "
                + prescribed.weeks() + " weeks" + (modifications.isEmpty() ? "" : "; " + String.join("; ",
                modifications.stream().map(m -> terminology.display("safety-modification", m.name()).toLowerCase(java.util.Locale.ROOT)).toList())) + ".");
        order.addNote(new Annotation().setText("Adjunct to the core knee OA programme (education, strengthening, aerobic exercise, "
                + "weight management), never a replacement. Suggested by retrowalk-cds; decision support, not a substitute for clinical judgement."));
        return order;
    }

    public int minutesPerSession(List<SafetyModification> modifications) {
        return modifications.contains(SafetyModification.REDUCED_DOSE) ? dose.reducedDoseMinutes() : dose.minutesPerSession();
    }

    private String patientInstruction(List<SafetyModification> modifications, Prescribed prescribed) {
        StringBuilder text = new StringBuilder();
        text.append("Warm up with 5-10 minutes of forward walking. Then walk backwards for ").append(prescribed.minutesPerSession())
                .append(" minutes at a comfortable").append(modifications.contains(SafetyModification.REDUCED_SPEED) ? ", slow" : "")
                .append(" speed on a treadmill, holding both handrails, with the safety stop attached, ")
                .append(prescribed.sessionsPerWeek()).append(" times a week for ").append(prescribed.weeks()).append(" weeks. ")
                .append("Pain during exercise should stay at 5/10 or below and be back to your usual level the next morning. ");
        text.append(homePractice(modifications));
        return text.toString();
    }

    /**
     * Where backward walking may be practised: treadmill only (NO_OVERGROUND), never alone at home when
     * every session is supervised (SUPERVISED, NO_UNSUPERVISED_HOME), else at home after treadmill competence.
     */
    public static String homePractice(List<SafetyModification> modifications) {
        if (modifications.contains(SafetyModification.NO_OVERGROUND)) {
            return "Walk backwards only on the treadmill, never overground.";
        }
        if (modifications.contains(SafetyModification.NO_UNSUPERVISED_HOME) || modifications.contains(SafetyModification.SUPERVISED)) {
            return "Walk backwards only under a physiotherapist's supervision; do not practise alone at home.";
        }
        return "Practise overground at home only after treadmill competence: beside a wall or counter, on a clear level path, "
                + "in supportive shoes.";
    }

    /**
     * The draft order corrected: same id, the missing safety modifications added as coded orderDetail, the
     * dose put right and written the standard way, and whatever the prescription profile requires and the
     * draft lacked (physiotherapy category, the knee OA reason, the profile claim, a narrative).
     */
    public ServiceRequest corrected(ServiceRequest draft, List<SafetyModification> missing, int sessions, int minutes, int weeks,
                                    ClinicalFacts facts) {
        ServiceRequest order = draft.copy();
        order.setId(draft.getIdElement().toUnqualifiedVersionless());
        for (SafetyModification m : missing) {
            String display = terminology.display("safety-modification", m.name());
            order.addOrderDetail(new CodeableConcept(new Coding(Terminology.SAFETY_MODIFICATION_SYSTEM, m.name(), display)).setText(display));
        }
        order.setOccurrence(new Timing().setRepeat(new Timing.TimingRepeatComponent()
                .setFrequency(sessions).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.WK)
                .setDuration(minutes).setDurationUnit(Timing.UnitsOfTime.MIN)
                .setBounds(weeks(weeks))));
        boolean physiotherapy = order.getCategory().stream().anyMatch(c -> c.getCoding().stream()
                .anyMatch(x -> SNOMED.equals(x.getSystem()) && "91251008".equals(x.getCode())));
        if (!physiotherapy) {
            order.addCategory(new CodeableConcept(new Coding(SNOMED, "91251008", "Physical therapy procedure")));
        }
        if (!order.hasReasonReference() && facts.kneeOa().isActive()) {
            Reference reason = facts.kneeOa().getConditionId() != null ? new Reference("Condition/" + facts.kneeOa().getConditionId()) : new Reference();
            order.addReasonReference(reason.setDisplay(facts.kneeOa().getDiagnosis()));
        }
        if (!order.getMeta().hasProfile(Terminology.BASE + "/StructureDefinition/backward-walking-prescription")) {
            order.getMeta().addProfile(Terminology.BASE + "/StructureDefinition/backward-walking-prescription");
        }
        List<String> details = order.getOrderDetail().stream().map(d -> d.hasText() ? d.getText() : d.getCodingFirstRep().getDisplay())
                .filter(t -> t != null).map(t -> t.toLowerCase(java.util.Locale.ROOT)).toList();
        return narrative(order, (order.getCode().hasText() ? order.getCode().getText() : "Backward walking training") + ": " + minutes
                + " min, " + sessions + " times a week for " + weeks + " weeks" + (details.isEmpty() ? "" : "; " + String.join("; ", details)) + ".");
    }

    /** An assessment order: TUG, the 3-m backward walk test, or the STEADI falls screen. */
    public ServiceRequest assessment(String patientId, String requester, String assessmentCode) {
        return encoded.attach(buildAssessment(patientId, requester, assessmentCode), "assessment|" + assessmentCode + "|" + requesterShape(requester),
                List.of(EncodedOnce.Slot.id(patientId), requesterSlot(requester)),
                v -> buildAssessment(v.get(0), requesterOf(requester, v.get(1)), assessmentCode));
    }

    private ServiceRequest buildAssessment(String patientId, String requester, String assessmentCode) {
        CodeableConcept code = new CodeableConcept(new Coding(Terminology.ASSESSMENT_SYSTEM, assessmentCode,
                terminology.display("assessment", assessmentCode)));
        if ("tug".equals(assessmentCode)) {
            code.addCoding(new Coding(LOINC, "89423-8", "Timed up and go"));
        }
        code.setText(terminology.display("assessment", assessmentCode));
        return narrative(base(patientId, requester).setCode(code), code.getText() + ".");
    }

    /** A referral or review with one of our care-action codes (falls assessment, strength and balance, medication review). */
    public ServiceRequest careAction(String patientId, String requester, String careActionCode) {
        return encoded.attach(buildCareAction(patientId, requester, careActionCode), "care-action|" + careActionCode + "|" + requesterShape(requester),
                List.of(EncodedOnce.Slot.id(patientId), requesterSlot(requester)),
                v -> buildCareAction(v.get(0), requesterOf(requester, v.get(1)), careActionCode));
    }

    private ServiceRequest buildCareAction(String patientId, String requester, String careActionCode) {
        String display = terminology.display("care-action", careActionCode);
        CodeableConcept code = new CodeableConcept(new Coding(Terminology.CARE_ACTION_SYSTEM, careActionCode, display)).setText(display);
        if ("strength-balance-training".equals(careActionCode)) {
            code.addCoding(new Coding(SNOMED, "229065009", "Exercise therapy"));
        }
        return narrative(base(patientId, requester).setCode(code), display + ".");
    }

    /** A plain-text narrative, so the order reads the same in any EHR. */
    static ServiceRequest narrative(ServiceRequest order, String text) {
        order.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED);
        org.hl7.fhir.utilities.xhtml.XhtmlNode div = new org.hl7.fhir.utilities.xhtml.XhtmlNode(org.hl7.fhir.utilities.xhtml.NodeType.Element, "div");
        div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
        div.addText(text);
        order.getText().setDiv(div);
        return order;
    }

    /** Practitioner/x or PractitionerRole/x: the type is part of a template's shape, the id fills its slot. */
    private static String requesterShape(String requester) {
        return requester != null && requester.startsWith("PractitionerRole/") ? "PractitionerRole/"
                : requester != null && requester.startsWith("Practitioner/") ? "Practitioner/" : "";
    }

    private static EncodedOnce.Slot requesterSlot(String requester) {
        String shape = requesterShape(requester);
        return EncodedOnce.Slot.id(shape.isEmpty() ? null : requester.substring(shape.length()));
    }

    private static String requesterOf(String requester, String id) {
        return id == null ? null : requesterShape(requester) + id;
    }

    private ServiceRequest base(String patientId, String requester) {
        ServiceRequest order = new ServiceRequest();
        order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        order.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
        order.addCategory(new CodeableConcept(new Coding(SNOMED, "91251008", "Physical therapy procedure")));
        order.setSubject(new Reference("Patient/" + patientId));
        if (requester != null && (requester.startsWith("Practitioner/") || requester.startsWith("PractitionerRole/"))) {
            order.setRequester(new Reference(requester));
        }
        return order;
    }

    private static Duration weeks(int weeks) {
        Duration duration = new Duration();
        duration.setValue(weeks).setUnit("wk").setSystem(UCUM).setCode("wk");
        return duration;
    }
}
