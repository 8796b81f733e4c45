package org.retrowalk.cds.facts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.retrowalk.cds.bench.Pipeline;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.parameters.ParametersConfiguration;
import org.retrowalk.cds.record.PatientRecord;
import org.retrowalk.cds.terminology.Terminology;

/**
 * Small FHIR resources for the readers' table tests, and the reading context they are read in: the shipped value
 * sets and parameters, "today" 2026-11-21 (the clinical case table's date).
 */
final class FhirRecords {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
    static final String PATIENT = "p1";
    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String LOINC = "http://loinc.org";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String ASSESSMENT = "http://retrowalk.org/fhir/CodeSystem/assessment";

    static final Terminology TERMINOLOGY = Pipeline.terminology();
    static final ClinicalParameters PARAMETERS = ParametersConfiguration.defaults();

    private static final AtomicInteger IDS = new AtomicInteger();

    private FhirRecords() {
    }

    /** The context a record is read in; a Patient among the resources is the patient, and its birth date is known. */
    static ReadingContext context(List<? extends Resource> resources) {
        Patient patient = resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst().orElse(null);
        List<Resource> rest = new ArrayList<>();
        resources.stream().filter(r -> !(r instanceof Patient)).forEach(rest::add);
        ReadingContext context = new ReadingContext(new PatientRecord(PATIENT, patient, rest), TODAY, TERMINOLOGY, PARAMETERS);
        return patient == null ? context : context.withBirthDate(PatientReader.read(context).getBirthDate());
    }

    static Patient patient(String birthDate, Enumerations.AdministrativeGender gender) {
        Patient p = new Patient();
        p.setId(PATIENT);
        if (birthDate != null) {
            p.setBirthDateElement(new DateType(birthDate));
        }
        p.setGender(gender);
        return p;
    }

    static CodeableConcept code(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    static CodeableConcept text(String text) {
        return new CodeableConcept().setText(text);
    }

    /** An active, confirmed Condition with this onset (a dateTime, partial or whole; null for none). */
    static Condition condition(CodeableConcept code, String onset) {
        Condition c = new Condition();
        c.setId("c" + IDS.incrementAndGet());
        c.setSubject(new Reference("Patient/" + PATIENT));
        c.setCode(code);
        c.setClinicalStatus(code("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
        c.setVerificationStatus(code("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"));
        if (onset != null) {
            c.setOnset(new DateTimeType(onset));
        }
        return c;
    }

    static Condition condition(String system, String code, String onset) {
        return condition(code(system, code), onset);
    }

    static Condition withStatus(Condition c, String clinical, String verification) {
        if (clinical != null) {
            c.setClinicalStatus(code("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical));
        }
        if (verification != null) {
            c.setVerificationStatus(code("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification));
        }
        return c;
    }

    /** A final Observation with this effective date (null for none). */
    static Observation observation(String system, String code, String effective, Type value) {
        Observation o = new Observation();
        o.setId("o" + IDS.incrementAndGet());
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setSubject(new Reference("Patient/" + PATIENT));
        o.setCode(code(system, code));
        if (effective != null) {
            o.setEffective(new DateTimeType(effective));
        }
        o.setValue(value);
        return o;
    }

    static Quantity quantity(double value, String unit) {
        return new Quantity().setValue(value).setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(unit);
    }

    static IntegerType integer(int value) {
        return new IntegerType(value);
    }

    static BooleanType bool(boolean value) {
        return new BooleanType(value);
    }

    /** One row of a reader's table: its name, the expected reading, and the record. */
    static org.junit.jupiter.params.provider.Arguments row(String name, String expected, Resource... resources) {
        return org.junit.jupiter.params.provider.Arguments.of(name, expected, List.of(resources));
    }

    static Observation status(Observation o, Observation.ObservationStatus status) {
        o.setStatus(status);
        return o;
    }

    static boolean noted(ReadingContext context, String words) {
        return context.notes().stream().anyMatch(n -> n.text().contains(words));
    }
}
