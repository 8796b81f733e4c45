package org.retrowalk.cds.facts;

import static org.retrowalk.cds.terminology.ClinicalValueSet.KL_GRADE;
import static org.retrowalk.cds.terminology.ClinicalValueSet.KNEE_LEFT;
import static org.retrowalk.cds.terminology.ClinicalValueSet.KNEE_OA;
import static org.retrowalk.cds.terminology.ClinicalValueSet.KNEE_RIGHT;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.retrowalk.cds.facts.ReadingContext.Dated;
import org.retrowalk.cds.facts.ReadingContext.Latest;
import org.retrowalk.cds.fhir.FhirDates.When;
import org.retrowalk.cds.fhir.FhirStatuses;
import org.retrowalk.cds.terminology.CodeSet;

/**
 * The knee OA diagnosis (an active Condition in the set, the latest onset named) and the Kellgren-Lawrence grade:
 * the latest per knee (by body site; without one, all results are one knee), the worst knee wins.
 */
final class KneeOaReader {

    private static final Pattern NOT_LETTERS = Pattern.compile("[^a-z]+");

    private static final Set<String> LEFT_WORDS = Set.of("left", "lt");
    private static final Set<String> RIGHT_WORDS = Set.of("right", "rt");

    private KneeOaReader() {
    }

    private record Kl(int grade, LocalDate date, String knee) {}

    static KneeOsteoarthritis read(ReadingContext context) {
        CodeSet kneeOa = context.codes(KNEE_OA);
        Optional<Condition> diagnosis = context.record.all(Condition.class).stream()
                .filter(c -> kneeOa.contains(c.getCode()) && FhirStatuses.active(c))
                .max(Comparator.comparing(c -> context.onset(c).map(When::date).orElse(LocalDate.MIN)));
        Kl kl = klGrade(context);
        return new KneeOsteoarthritis(diagnosis.isPresent(),
                diagnosis.map(c -> c.getIdElement().getIdPart()).orElse(null),
                diagnosis.map(c -> ReadingContext.describe(c.getCode())).orElse(null),
                diagnosis.flatMap(context::onset).map(When::date).orElse(null),
                kl == null ? null : kl.grade, kl == null ? null : kl.date, kl == null ? null : kl.knee);
    }

    private static Kl klGrade(ReadingContext context) {
        Map<String, List<Dated<BigDecimal>>> byKnee = new LinkedHashMap<>();
        for (Dated<Observation> o : context.observations(context.codes(KL_GRADE), "Kellgren-Lawrence grade")) {
            Optional<BigDecimal> grade = ReadingContext.number(o.value(), false);
            if (grade.isEmpty() || grade.get().signum() < 0 || grade.get().compareTo(BigDecimal.valueOf(4)) > 0
                    || grade.get().stripTrailingZeros().scale() > 0) {
                context.note(DataNote.Kind.IGNORED, "A Kellgren-Lawrence grade on " + o.when().date() + " is not a grade from 0 to 4 and was not used.");
                continue;
            }
            byKnee.computeIfAbsent(knee(context, o.value()), k -> new ArrayList<>()).add(new Dated<>(grade.get(), o.when()));
        }
        Kl worst = null;
        for (Map.Entry<String, List<Dated<BigDecimal>>> knee : byKnee.entrySet()) {
            Latest<BigDecimal> latest = ReadingContext.latest(knee.getValue(), Comparator.naturalOrder());
            if (latest.conflicting()) {
                context.note(DataNote.Kind.CONFLICT, "Different Kellgren-Lawrence grades for the " + knee.getKey()
                        + " on " + latest.when().date() + " " + latest.values() + ": the highest was used.");
            }
            int grade = latest.value().intValue();
            if (worst == null || grade > worst.grade) {
                worst = new Kl(grade, latest.when().date(), knee.getKey());
            }
        }
        return worst;
    }

    private static String knee(ReadingContext context, Observation o) {
        CodeableConcept site = o.getBodySite();
        if (site == null || site.isEmpty()) {
            return "knee";
        }
        if (context.codes(KNEE_LEFT).contains(site)) {
            return "left knee";
        }
        if (context.codes(KNEE_RIGHT).contains(site)) {
            return "right knee";
        }
        String words = ReadingContext.describe(site).toLowerCase(Locale.ROOT);
        for (String w : NOT_LETTERS.split(words)) {
            if (LEFT_WORDS.contains(w)) {
                return "left knee";
            }
            if (RIGHT_WORDS.contains(w)) {
                return "right knee";
            }
        }
        return "knee";
    }
}
