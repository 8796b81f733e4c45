package org.retrowalk.cds.facts;

import static org.retrowalk.cds.terminology.ClinicalValueSet.ANSWER_PREGNANT;
import static org.retrowalk.cds.terminology.ClinicalValueSet.PREGNANCY;
import static org.retrowalk.cds.terminology.ClinicalValueSet.PREGNANCY_STATUS;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.retrowalk.cds.facts.ReadingContext.Latest;
import org.retrowalk.cds.fhir.FhirDates.When;
import org.retrowalk.cds.fhir.FhirStatuses;
import org.retrowalk.cds.terminology.CodeSet;

/**
 * Pregnancy (R39): an active, verified pregnancy Condition (SNOMED CT << 77386006, ICD-10 O00-O9A, Z33.1, Z34) whose
 * onset lies within the pregnancy window or is not recorded; or the latest pregnancy-status result (LOINC 82810-3)
 * within the window saying pregnant. Either is enough: a later "not pregnant" result does not outweigh an active
 * pregnancy Condition (the cautious reading), and "pregnant" wins a conflict at the same moment.
 */
final class PregnancyReader {

    private PregnancyReader() {
    }

    static Pregnancy read(ReadingContext context) {
        LocalDate windowStart = context.today.minusMonths(context.parameters.windows().pregnancyMonths());
        CodeSet pregnancy = context.codes(PREGNANCY);
        for (Condition c : context.record.all(Condition.class)) {
            if (!FhirStatuses.verified(c) || !FhirStatuses.active(c) || !pregnancy.contains(c.getCode())) {
                continue;
            }
            Optional<When> onset = context.onset(c);
            if (onset.isEmpty() || context.overlaps(onset.get(), windowStart)) {
                return new Pregnancy(true, ReadingContext.describe(c.getCode()) + onset.map(w -> " since " + w.date()).orElse(""));
            }
        }
        Latest<Boolean> status = context.latestWithin(PREGNANCY_STATUS, "pregnancy status", windowStart,
                o -> pregnant(context, o), pregnant -> pregnant);
        if (status != null && status.value()) {
            return new Pregnancy(true, "pregnancy status \"pregnant\" on " + status.when().date());
        }
        return new Pregnancy(false, null);
    }

    private static Optional<Boolean> pregnant(ReadingContext context, Observation o) {
        if (o.getValue() instanceof BooleanType b && b.getValue() != null) {
            return Optional.of(b.booleanValue());
        }
        if (o.getValue() instanceof CodeableConcept answer) {
            return Optional.of(context.codes(ANSWER_PREGNANT).contains(answer));
        }
        return Optional.empty();
    }
}
