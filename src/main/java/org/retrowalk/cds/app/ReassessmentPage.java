package org.retrowalk.cds.app;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.retrowalk.cds.orders.ProfileValidator;
import org.retrowalk.cds.parameters.BalanceTest;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.parameters.EvaluationClock;
import org.retrowalk.cds.terminology.Terminology;

/**
 * The 4-6 week reassessment: Timed Up and Go, the 3-m backward walk test and pain, as the Observations the
 * record reading understands (our codes, with LOINC where a verified code exists), each valid against US Core's
 * Simple Observation profile before it is written. The decision is then made again on the new results.
 */
@ApplicationScoped
public class ReassessmentPage {

    public static final String SIMPLE_OBSERVATION = ProfileValidator.US_CORE_SIMPLE_OBSERVATION;
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String US_CORE_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-category";

    /** What the physiotherapist typed; an empty field is a test not done. */
    public record Form(String tugSeconds, String backwardWalkSeconds, String pain) {
        static Form empty() {
            return new Form("", "", "");
        }
    }

    /** The thresholds the form's hints quote, from rules/parameters.yaml. */
    public record Hints(BigDecimal tugImpaired, BigDecimal tugSevere, BigDecimal backwardImpaired, BigDecimal backwardSevere) {}

    /** The Observations to write, or what is wrong with the form. */
    public record Results(List<Observation> observations, List<String> problems) {}

    @Inject
    ProfileValidator validator;
    @Inject
    ClinicalParameters parameters;
    @Inject
    EvaluationClock clock;

    public Hints hints() {
        ClinicalParameters.Bounds tug = parameters.boundsFor(BalanceTest.TUG);
        ClinicalParameters.Bounds backward = parameters.boundsFor(BalanceTest.BWT3M);
        return new Hints(tug.impairedAtOrAbove(), tug.severeAtOrAbove(), backward.impairedAbove(), backward.severeAbove());
    }

    public Results results(String patientId, Form form) {
        List<String> problems = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        BigDecimal tug = number(form.tugSeconds(), "Timed Up and Go", 1, 300, false, problems);
        if (tug != null) {
            observations.add(timed(patientId, tug, new CodeableConcept(new Coding(Terminology.ASSESSMENT_SYSTEM, "tug", "Timed Up and Go"))
                    .addCoding(new Coding(LOINC, "89423-8", "Timed up and go")).setText("Timed Up and Go")));
        }
        BigDecimal backward = number(form.backwardWalkSeconds(), "3-m backward walk test", 1, 120, false, problems);
        if (backward != null) {
            observations.add(timed(patientId, backward, new CodeableConcept(new Coding(Terminology.ASSESSMENT_SYSTEM, "bwt3m",
                    "3-metre backward walk test")).setText("3-metre backward walk test")));
        }
        BigDecimal pain = number(form.pain(), "Pain", 0, 10, true, problems);
        if (pain != null) {
            Observation o = base(patientId, new CodeableConcept(new Coding(LOINC, "72514-3",
                    "Pain severity - 0-10 verbal numeric rating [Score] - Reported")).setText("Pain (0-10)"), "survey");
            o.setValue(new Quantity().setValue(pain).setUnit("{score}").setSystem(UCUM).setCode("{score}"));
            observations.add(o);
        }
        if (problems.isEmpty() && observations.isEmpty()) {
            problems.add("Enter at least one result.");
        }
        if (problems.isEmpty()) {
            for (Observation o : observations) {
                validator.validate(o, SIMPLE_OBSERVATION).getMessages().stream()
                        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                        .forEach(m -> problems.add(o.getCode().getText() + ": " + m.getLocationString() + ": " + m.getMessage()));
            }
        }
        return new Results(problems.isEmpty() ? observations : List.of(), problems);
    }

    private Observation timed(String patientId, BigDecimal seconds, CodeableConcept code) {
        Observation o = base(patientId, code, "exam");
        o.addCategory(new CodeableConcept(new Coding(US_CORE_CATEGORY, "functional-status", "Functional Status")));
        o.setValue(new Quantity().setValue(seconds).setUnit("s").setSystem(UCUM).setCode("s"));
        return o;
    }

    private Observation base(String patientId, CodeableConcept code, String category) {
        Observation o = new Observation();
        o.getMeta().addProfile(SIMPLE_OBSERVATION);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(CATEGORY, category, category.equals("exam") ? "Exam" : "Survey")));
        o.setCode(code);
        o.setSubject(new Reference("Patient/" + patientId));
        o.setEffective(new DateTimeType(Date.from(clock.now().toInstant()), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                java.util.TimeZone.getTimeZone(clock.now().getZone())));
        return o;
    }

    private static BigDecimal number(String text, String field, int min, int max, boolean whole, List<String> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text.trim().replace(',', '.'));
            if (whole && value.stripTrailingZeros().scale() > 0) {
                problems.add(field + ": enter a whole number from " + min + " to " + max + ".");
            } else if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
                problems.add(field + ": " + value.toPlainString() + " is not a plausible result (" + min + " to " + max + ").");
            } else {
                return value;
            }
        } catch (NumberFormatException e) {
            problems.add(field + ": enter a number.");
        }
        return null;
    }
}
