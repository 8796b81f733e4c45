package org.retrowalk.cds.fhir.server;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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

/**
 * A patient with a long chart, as an EHR holds one after a dozen years of visits: a pain score every week since
 * 2014 (the way Synthea records one at every encounter), a yearly falls questionnaire, STEADI answer and TUG, and
 * two Kellgren-Lawrence grades; about 700 observations with the codes the rules read. What decides is recent: one
 * fall reported in October 2026, a TUG after it, and pain 8 a week before the evaluation date (2026-11-21).
 */
public final class LongChartPatient {

    public static final String ID = "long-chart";
    public static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

    private static final String LOINC = "http://loinc.org";
    private static final String ASSESSMENT = "http://retrowalk.org/fhir/CodeSystem/assessment";

    private LongChartPatient() {
    }

    public static TestPatients.TestPatient create() {
        List<Resource> resources = new ArrayList<>();
        Patient patient = new Patient();
        patient.setId(ID);
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new DateType("1954-03-10"));
        resources.add(patient);

        Condition kneeOa = new Condition();
        kneeOa.setId(ID + "-knee-oa");
        kneeOa.setSubject(new Reference("Patient/" + ID));
        kneeOa.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "239873007", "Osteoarthritis of knee")));
        kneeOa.setOnset(new DateTimeType("2015-04-02"));
        resources.add(kneeOa);

        int n = 0;
        LocalDate lastPain = TODAY.minusDays(7);
        for (LocalDate day = LocalDate.of(2014, 1, 3); !day.isAfter(lastPain); day = day.plusWeeks(1)) {
            int nrs = day.equals(lastPain) ? 8 : 3;
            resources.add(observation(ID + "-pain-" + n++, LOINC, "72514-3", day, new Quantity().setValue(nrs).setUnit("{score}")));
        }
        for (int year = 2014; year <= 2026; year++) {
            LocalDate screen = LocalDate.of(year, 10, 1);
            resources.add(observation(ID + "-falls-" + year, LOINC, "52552-7", screen, new IntegerType(year == 2026 ? 1 : 0)));
            resources.add(observation(ID + "-fear-" + year, ASSESSMENT, "fear-of-falling", screen, new BooleanType(false)));
            resources.add(observation(ID + "-tug-" + year, ASSESSMENT, "tug", screen.plusDays(19),
                    new Quantity().setValue(year == 2026 ? 10.5 : 9.0).setUnit("s").setSystem("http://unitsofmeasure.org").setCode("s")));
        }
        resources.add(observation(ID + "-kl-2015", ASSESSMENT, "kl-grade", LocalDate.of(2015, 4, 2), new IntegerType(2)));
        resources.add(observation(ID + "-kl-2022", ASSESSMENT, "kl-grade", LocalDate.of(2022, 6, 14), new IntegerType(3)));
        return new TestPatients.TestPatient("Long chart (about 700 observations)", ID, resources);
    }

    private static Observation observation(String id, String system, String code, LocalDate day, Type value) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setSubject(new Reference("Patient/" + ID));
        o.setCode(new CodeableConcept(new Coding(system, code, null)));
        o.setEffective(new DateTimeType(day.toString()));
        o.setValue(value);
        return o;
    }
}
