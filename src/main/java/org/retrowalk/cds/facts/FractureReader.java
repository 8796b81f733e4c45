package org.retrowalk.cds.facts;

import static org.retrowalk.cds.terminology.ClinicalValueSet.FRACTURE;
import static org.retrowalk.cds.terminology.ClinicalValueSet.FRACTURE_LOWER_LIMB_SPINE;
import static org.retrowalk.cds.terminology.ClinicalValueSet.FRAGILITY_SITE_FRACTURE;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Condition;
import org.retrowalk.cds.fhir.FhirDates.When;
import org.retrowalk.cds.fhir.FhirStatuses;
import org.retrowalk.cds.terminology.CodeSet;
import org.retrowalk.cds.terminology.TextConcept;

/**
 * Fractures among the verified Conditions, whatever their clinical status (an event): by code (SNOMED CT << 125605004,
 * the ICD-10 fracture categories, M80, M48.5, M84.3-M84.6), or named in words in any language the service reads (a
 * SNOMED CT code the shipped expansion lacks included). The site comes from the site value sets, or from the
 * fracture's own words ("Fracture of left distal radius"), whichever says more: a site only adds caution. A partial
 * date counts as recent when any day of it is in the window; an undated fracture is possibly recent, and the card says so.
 */
final class FractureReader {

    private FractureReader() {
    }

    static Fractures read(ReadingContext context) {
        CodeSet fracture = context.codes(FRACTURE);
        CodeSet lowerLimbSpine = context.codes(FRACTURE_LOWER_LIMB_SPINE);
        CodeSet fragility = context.codes(FRAGILITY_SITE_FRACTURE);
        LocalDate windowStart = context.today.minusMonths(context.parameters.windows().fractureMonths());
        List<Fracture> recent = new ArrayList<>();
        List<Fracture> all = new ArrayList<>();
        int undated = 0;
        for (Condition c : context.record.all(Condition.class)) {
            if (!FhirStatuses.verified(c) || !context.isEvent(c.getCode(), fracture, TextConcept.FRACTURE)) {
                continue;
            }
            boolean lower = lowerLimbSpine.contains(c.getCode()) || context.wordsName(c.getCode(), TextConcept.FRACTURE_SITE_LOWER_LIMB_SPINE);
            boolean fragile = fragility.contains(c.getCode()) || context.wordsName(c.getCode(), TextConcept.FRACTURE_SITE_FRAGILITY);
            Optional<When> when = context.onset(c);
            Fracture found = new Fracture(c.getIdElement().getIdPart(), ReadingContext.describe(c.getCode()), when.map(w -> context.latestPossible(w)).orElse(null),
                    lower, fragile, c.hasExtension(ReadingContext.DUE_TO));
            all.add(found);
            if (when.isEmpty()) {
                undated++;
                recent.add(found);
            } else if (context.overlaps(when.get(), windowStart)) {
                recent.add(found);
            }
        }
        if (undated > 0) {
            context.note(DataNote.Kind.ASSUMED, undated + " fracture record(s) without a date were counted as fractures in the last "
                    + context.parameters.windows().fractureMonths() + " months.");
        }
        return new Fractures(recent, all);
    }
}
