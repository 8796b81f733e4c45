package org.retrowalk.cds.facts;

import static org.retrowalk.cds.terminology.ClinicalValueSet.ANSWER_NO;
import static org.retrowalk.cds.terminology.ClinicalValueSet.ANSWER_YES;
import static org.retrowalk.cds.terminology.ClinicalValueSet.FALL;
import static org.retrowalk.cds.terminology.ClinicalValueSet.FALLS_COUNT;
import static org.retrowalk.cds.terminology.ClinicalValueSet.FEAR_OF_FALLING;
import static org.retrowalk.cds.terminology.ClinicalValueSet.FEELS_UNSTEADY;
import static org.retrowalk.cds.terminology.ClinicalValueSet.FRAILTY;
import static org.retrowalk.cds.terminology.ClinicalValueSet.INJURY;
import static org.retrowalk.cds.terminology.ClinicalValueSet.SYNCOPE;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.retrowalk.cds.facts.ReadingContext.Latest;
import org.retrowalk.cds.fhir.FhirDates.When;
import org.retrowalk.cds.fhir.FhirStatuses;
import org.retrowalk.cds.fhir.References;
import org.retrowalk.cds.terminology.ClinicalValueSet;
import org.retrowalk.cds.terminology.CodeSet;
import org.retrowalk.cds.terminology.TextConcept;

/**
 * Falls in the fall window: fall Conditions (coded, or named in text; undated ones counted as recent) and the
 * falls questionnaire, whichever counts more; an injury or syncope near a fall; frailty; the STEADI answers.
 */
final class FallsReader {


    private FallsReader() {
    }

    /** The falls, and the latest fall as recorded (with its time of day, if any), for "not older than the latest fall". */
    record Falls(FallRiskProfile profile, When latestFall) {}

    static Falls read(ReadingContext context, Fractures fractures, PatientProfile patient) {
        LocalDate windowStart = context.today.minusMonths(context.parameters.windows().fallWindowMonths());
        CodeSet fall = context.codes(FALL);
        List<Condition> fallConditions = new ArrayList<>();
        TreeSet<LocalDate> fallDates = new TreeSet<>();
        When latestFallWhen = null;
        int undatedFalls = 0;
        for (Condition c : context.record.all(Condition.class)) {
            if (!FhirStatuses.verified(c) || !context.isConcept(c.getCode(), fall, TextConcept.FALL)) {
                continue;
            }
            Optional<When> when = context.onset(c);
            if (when.isEmpty()) {
                undatedFalls++;
                fallConditions.add(c);
            } else if (context.overlaps(when.get(), windowStart)) {
                fallDates.add(context.latestPossible(when.get()));
                fallConditions.add(c);
                if (latestFallWhen == null || when.get().latestDate().isAfter(latestFallWhen.latestDate())
                        || (when.get().latestDate().equals(latestFallWhen.latestDate()) && when.get().compareTo(latestFallWhen) > 0)) {
                    latestFallWhen = when.get();
                }
            }
        }
        if (undatedFalls > 0) {
            context.note(DataNote.Kind.ASSUMED, undatedFalls + " fall record(s) without a date were counted as falls in the last "
                    + context.parameters.windows().fallWindowMonths() + " months.");
        }

        // The conditions the falls name as their cause or consequence (condition-dueTo), in the falls' order.
        Set<String> linkedFromFalls = new LinkedHashSet<>();
        for (Condition f : fallConditions) {
            for (Extension dueTo : f.getExtensionsByUrl(ReadingContext.DUE_TO)) {
                if (dueTo.getValue() instanceof Reference ref) {
                    linkedFromFalls.add(References.idPart(ref.getReference()));
                }
            }
        }
        List<Fracture> presumedFrom = presumedFalls(context, fractures, patient, fallDates, linkedFromFalls);
        List<String> presumed = new ArrayList<>();
        for (Fracture f : presumedFrom) {
            presumed.add((f.date() == null ? "the fracture recorded without a date" : "the fracture on " + f.date()) + " ("
                    + f.description() + "; no fall recorded)");
            if (f.date() == null) {
                undatedFalls++;
                continue;
            }
            fallDates.add(f.date());
            When at = When.days(f.date(), f.date());
            if (latestFallWhen == null || at.latestDate().isAfter(latestFallWhen.latestDate())) {
                latestFallWhen = at;
            }
        }

        Latest<BigDecimal> questionnaire = context.latestWithin(FALLS_COUNT, "Falls in the past 12 months", windowStart,
                o -> ReadingContext.number(o, false).filter(n -> n.signum() >= 0));
        int reported = questionnaire == null ? 0 : questionnaire.value().intValue();
        if (questionnaire != null && questionnaire.conflicting()) {
            context.note(DataNote.Kind.CONFLICT, "Different fall counts on " + questionnaire.when().date() + " "
                    + questionnaire.values() + ": the highest was used.");
        }
        int count = Math.max(reported, fallDates.size() + undatedFalls);
        LocalDate latestFall = !fallDates.isEmpty() ? fallDates.last() : reported >= 1 ? questionnaire.when().date() : null;
        if (fallDates.isEmpty() && reported >= 1) {
            latestFallWhen = questionnaire.when();
        }

        // A presumed fall's date is its fracture's, so the fracture is found here as the injury near it.
        Optional<String> injury = injuryNear(context, fallConditions, linkedFromFalls, fallDates);
        if (injury.isEmpty() && !presumedFrom.isEmpty()) {
            injury = Optional.of(presumedFrom.get(0).description());
        }
        boolean syncope = nearFall(context, context.codes(SYNCOPE), null, fallDates).isPresent();
        boolean frailty = context.record.all(Condition.class).stream()
                .anyMatch(c -> context.codes(FRAILTY).contains(c.getCode()) && FhirStatuses.active(c));

        Latest<Boolean> fear = steadiAnswer(context, FEAR_OF_FALLING, "worries about falling", windowStart);
        Latest<Boolean> unsteady = steadiAnswer(context, FEELS_UNSTEADY, "feels unsteady", windowStart);
        // A presumed fall is no falls screen: nobody asked the patient.
        boolean screened = questionnaire != null || fear != null || unsteady != null || !fallConditions.isEmpty();

        return new Falls(new FallRiskProfile(count, latestFall, injury.isPresent(), injury.orElse(null), syncope, frailty,
                screened, fear != null && fear.value(), unsteady != null && unsteady.value(), presumed), latestFallWhen);
    }

    /**
     * Section 5a: a fracture of a fragility site at the presumed-fall age or over, within the fracture window, whose record
     * names no fall (none within the injury window of it, and no recorded cause linked to it) is a presumed injurious fall
     * at its date: most such fractures follow a fall. An unknown age is not ruled out (the cautious reading); neither is an
     * undated fracture.
     */
    private static List<Fracture> presumedFalls(ReadingContext context, Fractures fractures, PatientProfile patient, Set<LocalDate> fallDates,
                                                Set<String> linkedFromFalls) {
        if (patient.isAgeKnown() && patient.getAge() < context.parameters.age().fragilityFracture()) {
            return List.of();
        }
        int days = context.parameters.windows().fallInjuryDays();
        List<Fracture> presumed = new ArrayList<>();
        for (Fracture f : fractures.getRecent()) {
            boolean fallNear = f.date() != null && fallDates.stream()
                    .anyMatch(d -> !d.isBefore(f.date().minusDays(days)) && !d.isAfter(f.date().plusDays(days)));
            boolean linked = f.causeRecorded() || (f.id() != null && linkedFromFalls.contains(f.id()));
            if (f.fragilitySite() && !fallNear && !linked && !presumed.contains(f)) {
                presumed.add(f);
            }
        }
        return presumed;
    }

    /** An injury within the injury window of a fall, or one linked to a fall by condition-dueTo. */
    private static Optional<String> injuryNear(ReadingContext context, List<Condition> fallConditions, Set<String> linkedFromFalls,
                                               Set<LocalDate> fallDates) {
        CodeSet injury = context.codes(INJURY);
        Set<String> fallIds = new LinkedHashSet<>();
        fallConditions.forEach(f -> fallIds.add(f.getIdElement().getIdPart()));
        LocalDate windowStart = context.today.minusMonths(context.parameters.windows().fallWindowMonths());
        for (Condition c : context.record.all(Condition.class)) {
            if (!FhirStatuses.verified(c) || !context.isConcept(c.getCode(), injury, TextConcept.INJURY)) {
                continue;
            }
            for (Extension dueTo : c.getExtensionsByUrl(ReadingContext.DUE_TO)) {
                if (dueTo.getValue() instanceof Reference ref && fallIds.contains(References.idPart(ref.getReference()))) {
                    return Optional.of(ReadingContext.describe(c.getCode()));
                }
                if (dueTo.getValue() instanceof CodeableConcept cause && context.codes(FALL).contains(cause)
                        && context.onset(c).map(w -> context.within(w.date(), windowStart)).orElse(false)) {
                    return Optional.of(ReadingContext.describe(c.getCode()));
                }
            }
        }
        for (String id : linkedFromFalls) {
            Optional<Condition> linked = context.record.all(Condition.class).stream()
                    .filter(c -> c.getIdElement().getIdPart() != null && c.getIdElement().getIdPart().equals(id)
                            && FhirStatuses.verified(c) && context.isConcept(c.getCode(), injury, TextConcept.INJURY))
                    .findFirst();
            if (linked.isPresent()) {
                return Optional.of(ReadingContext.describe(linked.get().getCode()));
            }
        }
        return nearFall(context, injury, TextConcept.INJURY, fallDates);
    }

    /** A verified condition in the set whose onset lies within the injury window of a dated fall. */
    private static Optional<String> nearFall(ReadingContext context, CodeSet codes, TextConcept words, Set<LocalDate> fallDates) {
        int days = context.parameters.windows().fallInjuryDays();
        for (Condition c : context.record.all(Condition.class)) {
            if (!FhirStatuses.verified(c) || !context.isConcept(c.getCode(), codes, words)) {
                continue;
            }
            Optional<When> when = context.onset(c);
            if (when.isPresent()) {
                for (LocalDate fallDate : fallDates) {
                    // Near the fall if any day the injury's date allows is within the window of it.
                    if (!when.get().latestDate().isBefore(fallDate.minusDays(days)) && !when.get().date().isAfter(fallDate.plusDays(days))) {
                        return Optional.of(ReadingContext.describe(c.getCode()) + ", " + when.get().date());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Latest<Boolean> steadiAnswer(ReadingContext context, ClinicalValueSet question, String words, LocalDate windowStart) {
        Latest<Boolean> answer = context.latestWithin(question, "STEADI answer (" + words + ")", windowStart, o -> yesNo(context, o));
        if (answer != null && answer.conflicting()) {
            context.note(DataNote.Kind.CONFLICT, "Both yes and no recorded on " + answer.when().date()
                    + " for \"" + words + "\": yes was used.");
        }
        return answer;
    }

    private static Optional<Boolean> yesNo(ReadingContext context, Observation o) {
        Type value = o.getValue();
        if (value instanceof BooleanType b && b.getValue() != null) {
            return Optional.of(b.booleanValue());
        }
        if (value instanceof CodeableConcept cc) {
            if (context.codes(ANSWER_YES).contains(cc)) {
                return Optional.of(true);
            }
            if (context.codes(ANSWER_NO).contains(cc)) {
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }
}
