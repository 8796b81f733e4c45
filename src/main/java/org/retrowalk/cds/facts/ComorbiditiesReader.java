package org.retrowalk.cds.facts;

import static org.retrowalk.cds.terminology.ClinicalValueSet.COGNITIVE;
import static org.retrowalk.cds.terminology.ClinicalValueSet.FRAGILITY_FRACTURE;
import static org.retrowalk.cds.terminology.ClinicalValueSet.NEURO;
import static org.retrowalk.cds.terminology.ClinicalValueSet.NEUROPATHY;
import static org.retrowalk.cds.terminology.ClinicalValueSet.OSTEOPOROSIS;
import static org.retrowalk.cds.terminology.ClinicalValueSet.VESTIBULAR;
import static org.retrowalk.cds.terminology.ClinicalValueSet.VISION;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.retrowalk.cds.facts.Comorbidities.Kind;
import org.retrowalk.cds.fhir.FhirStatuses;
import org.retrowalk.cds.terminology.ClinicalValueSet;

/**
 * The risk modifiers among the active Conditions; a fracture is an event, so any verified one counts whatever
 * its clinical status, and a fracture at a fragility site (at any time) counts as fragile when osteoporosis is recorded.
 */
final class ComorbiditiesReader {

    private static final Map<Kind, ClinicalValueSet> SETS = Map.of(Kind.NEURO, NEURO, Kind.OSTEOPOROSIS, OSTEOPOROSIS,
            Kind.VISION, VISION, Kind.VESTIBULAR, VESTIBULAR, Kind.NEUROPATHY, NEUROPATHY, Kind.COGNITIVE, COGNITIVE);

    private ComorbiditiesReader() {
    }

    static Comorbidities read(ReadingContext context, Fractures fractures) {
        Map<Kind, List<String>> found = new EnumMap<>(Kind.class);
        List<Condition> conditions = context.record.all(Condition.class);
        SETS.forEach((kind, vs) -> conditions.stream()
                .filter(c -> context.codes(vs).contains(c.getCode()) && FhirStatuses.active(c))
                .forEach(c -> addDistinct(found, kind, ReadingContext.describe(c.getCode()))));
        conditions.stream().filter(c -> FhirStatuses.verified(c) && context.codes(FRAGILITY_FRACTURE).contains(c.getCode()))
                .forEach(c -> addDistinct(found, Kind.FRAGILITY_FRACTURE, ReadingContext.describe(c.getCode())));
        if (found.containsKey(Kind.OSTEOPOROSIS)) {
            // Any fracture of a fragility site, at any time, by code or by the words of its site (FractureReader).
            fractures.getAll().stream().filter(Fracture::fragilitySite)
                    .forEach(f -> addDistinct(found, Kind.FRAGILITY_FRACTURE, f.description()));
        }
        return new Comorbidities(found);
    }

    private static void addDistinct(Map<Kind, List<String>> found, Kind kind, String diagnosis) {
        List<String> list = found.computeIfAbsent(kind, k -> new ArrayList<>());
        if (!list.contains(diagnosis)) {
            list.add(diagnosis);
        }
    }
}
