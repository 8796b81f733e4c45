package org.retrowalk.cds.api;

import ca.uhn.fhir.util.FhirTerser;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.FhirDates;

/**
 * A generated record as it stood on an earlier day, seen as if that day were today: resources that began after it are
 * left out, conditions that ended after it are active again, and every date (the birth date included) is moved by the
 * same number of days, so that ages and intervals stay what they were. SyntheaPopulationIT uses it to see a patient
 * soon after a fracture or a joint replacement that lies years back in a record nobody here wrote.
 */
final class RecordAsOf {

    private static final FhirTerser TERSER = FhirContextProducer.shared().newTerser();

    private RecordAsOf() {
    }

    static List<Resource> view(List<Resource> record, LocalDate day, LocalDate today) {
        int shift = (int) ChronoUnit.DAYS.between(day, today);
        List<Resource> view = new ArrayList<>();
        for (Resource original : record) {
            Optional<LocalDate> began = began(original);
            if (began.isPresent() && began.get().isAfter(day)) {
                continue;
            }
            Resource r = original.copy();
            if (r instanceof Condition c && c.hasAbatement() && FhirDates.of(abatement(c)).map(w -> w.date().isAfter(day)).orElse(false)) {
                c.setAbatement(null);
                c.setClinicalStatus(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
            }
            for (BaseDateTimeType date : TERSER.getAllPopulatedChildElementsOfType(r, BaseDateTimeType.class)) {
                if (date.getValue() != null) {
                    date.add(Calendar.DAY_OF_MONTH, shift);
                }
            }
            view.add(r);
        }
        return view;
    }

    private static BaseDateTimeType abatement(Condition c) {
        return c.getAbatement() instanceof BaseDateTimeType d ? d : c.getAbatement() instanceof org.hl7.fhir.r4.model.Period p ? p.getStartElement() : null;
    }

    /** When the resource began: onset or recorded date, performed, effective, authored. */
    private static Optional<LocalDate> began(Resource r) {
        if (r instanceof Condition c) {
            Optional<LocalDate> onset = FhirDates.onset(c).map(FhirDates.When::date);
            return onset.isPresent() ? onset : FhirDates.of(c.getRecordedDateElement()).map(FhirDates.When::date);
        }
        if (r instanceof Procedure p) {
            return FhirDates.performed(p).map(FhirDates.When::date);
        }
        if (r instanceof Observation o) {
            return FhirDates.effective(o).map(FhirDates.When::date);
        }
        if (r instanceof MedicationRequest m) {
            return FhirDates.of(m.getAuthoredOnElement()).map(FhirDates.When::date);
        }
        return Optional.empty();
    }
}
