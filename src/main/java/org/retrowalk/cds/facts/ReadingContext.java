package org.retrowalk.cds.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.retrowalk.cds.fhir.FhirDates.When;
import org.retrowalk.cds.fhir.FhirDates;
import org.retrowalk.cds.fhir.FhirStatuses;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.record.PatientRecord;
import org.retrowalk.cds.terminology.ClinicalValueSet;
import org.retrowalk.cds.terminology.CodeSet;
import org.retrowalk.cds.terminology.Terminology;
import org.retrowalk.cds.terminology.TextConcept;
import org.retrowalk.cds.terminology.TextConcepts;

/**
 * What every concept reader shares while one record is read: the record, "today", the terminology and
 * parameters, the notes for the card, and the conventions of section 3a (countable results, windows read in the
 * cautious direction, text matching, contained resources, onsets with the birth date).
 */
final class ReadingContext {

    /** A condition's cause or consequence: links a fall and its injury, or a fracture and its recorded cause. */
    static final String DUE_TO = "http://hl7.org/fhir/StructureDefinition/condition-dueTo";

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");

    /** A value with the date it was recorded at. */
    record Dated<T>(T value, When when) {}

    /** The latest value; when several differ at that moment, the greatest by {@code caution} and a conflict. */
    record Latest<T>(T value, When when, boolean conflicting, List<T> values) {}

    final PatientRecord record;
    final LocalDate today;
    final LocalDate latestAllowed;
    final Terminology terminology;
    final ClinicalParameters parameters;
    private final List<DataNote> notes;
    private final LocalDate birthDate;

    ReadingContext(PatientRecord record, LocalDate today, Terminology terminology, ClinicalParameters parameters) {
        this(record, today, terminology, parameters, new ArrayList<>(), null);
    }

    private ReadingContext(PatientRecord record, LocalDate today, Terminology terminology, ClinicalParameters parameters,
                           List<DataNote> notes, LocalDate birthDate) {
        this.record = record;
        this.today = today;
        this.latestAllowed = today.plusDays(parameters.windows().futureToleranceDays());
        this.terminology = terminology;
        this.parameters = parameters;
        this.notes = notes;
        this.birthDate = birthDate;
    }

    /** The same reading, now that the birth date is known (an onset given as an age needs it). */
    ReadingContext withBirthDate(LocalDate birthDate) {
        return new ReadingContext(record, today, terminology, parameters, notes, birthDate);
    }

    void note(DataNote.Kind kind, String text) {
        DataNote note = new DataNote(kind, text);
        if (kind != DataNote.Kind.FROM_TEXT || !notes.contains(note)) {
            notes.add(note);
        }
    }

    List<DataNote> notes() {
        return List.copyOf(notes);
    }

    CodeSet codes(ClinicalValueSet set) {
        return terminology.get(set);
    }

    Optional<When> onset(Condition c) {
        return FhirDates.onset(c, birthDate);
    }

    /** In the value set by code; or, where no code the service knows is present, named in the words. */
    boolean isConcept(CodeableConcept code, CodeSet codes, TextConcept words) {
        if (codes.contains(code)) {
            return true;
        }
        return words != null && TextConcepts.uncoded(code) && namedInWords(code, words);
    }

    /**
     * An event whose SNOMED CT hierarchy no offline expansion holds whole (a fracture, a hip or knee replacement): in the
     * value set by code; or, where no code of a system that decides it by code alone (ICD-10, ICD-10-PCS, CPT) is
     * present, named in the words. A SNOMED CT code the expansion lacks ("revision of knee replacement") is read by
     * its display, in the cautious direction only.
     */
    boolean isEvent(CodeableConcept code, CodeSet codes, TextConcept words) {
        if (codes.contains(code)) {
            return true;
        }
        return TextConcepts.notDecidedByCode(code) && namedInWords(code, words);
    }

    /** Whether the concept's own words (its text, its codings' displays) name the concept: no note, for sites. */
    boolean wordsName(CodeableConcept code, TextConcept words) {
        return terminology.text().foundIn(words, code).isPresent();
    }

    private boolean namedInWords(CodeableConcept code, TextConcept words) {
        Optional<String> found = terminology.text().foundIn(words, code);
        found.ifPresent(text -> fromText(words, text));
        return found.isPresent();
    }

    void fromText(TextConcept concept, String text) {
        note(DataNote.Kind.FROM_TEXT, "Recognised as " + concept.words() + " from the words \""
                + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "\" (no code in the service's value sets).");
    }

    /** A resource contained in {@code owner} by a "#id" reference. */
    static <R extends Resource> Optional<R> contained(DomainResource owner, String reference, Class<R> type) {
        if (reference == null || !reference.startsWith("#")) {
            return Optional.empty();
        }
        String id = reference.substring(1);
        for (Resource r : owner.getContained()) {
            String rid = r.getIdElement().getIdPart();
            if (type.isInstance(r) && (id.equals(rid) || ("#" + id).equals(r.getId()))) {
                return Optional.of(type.cast(r));
            }
        }
        return Optional.empty();
    }

    /** Countable (final, amended, corrected), dated, not in the future, with a code in the set. */
    List<Dated<Observation>> observations(CodeSet codes, String what) {
        List<Dated<Observation>> found = new ArrayList<>();
        for (Observation o : record.all(Observation.class)) {
            if (!codes.contains(o.getCode())) {
                continue;
            }
            if (!FhirStatuses.countable(o)) {
                if (o.getStatus() == Observation.ObservationStatus.PRELIMINARY || o.getStatus() == Observation.ObservationStatus.REGISTERED) {
                    note(DataNote.Kind.IGNORED, "A " + o.getStatus().toCode() + " " + what + " result was not used (not final).");
                }
                continue;
            }
            Optional<When> when = FhirDates.effective(o);
            if (when.isEmpty()) {
                note(DataNote.Kind.IGNORED, "A " + what + " result without a date was not used.");
            } else if (when.get().date().isAfter(latestAllowed)) {
                note(DataNote.Kind.IGNORED, "A " + what + " result dated " + when.get().date() + ", after today, was not used.");
            } else {
                found.add(new Dated<>(o, when.get()));
            }
        }
        return found;
    }

    <T> Latest<T> latestWithin(ClinicalValueSet set, String what, LocalDate windowStart, Function<Observation, Optional<T>> read) {
        return latestWithin(set, what, windowStart, read, v -> false);
    }

    /**
     * The latest value in the window. A result counts when the whole period its date names is in the window;
     * a value that raises caution counts when any part of it is (a partial date read in the cautious direction).
     */
    <T> Latest<T> latestWithin(ClinicalValueSet set, String what, LocalDate windowStart, Function<Observation, Optional<T>> read,
                               Predicate<T> raisesCaution) {
        List<Dated<T>> values = new ArrayList<>();
        for (Dated<Observation> o : observations(codes(set), what)) {
            boolean whole = !o.when().date().isBefore(windowStart);
            boolean partly = !o.when().latestDate().isBefore(windowStart);
            if (partly) {
                read.apply(o.value()).filter(v -> whole || raisesCaution.test(v)).ifPresent(v -> values.add(new Dated<>(v, o.when())));
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Comparator<T> natural = (Comparator<T>) Comparator.naturalOrder();
        return latest(values, natural);
    }

    static <T> Latest<T> latest(List<Dated<T>> values, Comparator<T> caution) {
        When last = values.stream().map(Dated::when).max(Comparator.naturalOrder()).orElseThrow();
        List<T> atLast = values.stream().filter(v -> v.when().compareTo(last) == 0).map(Dated::value).distinct().toList();
        T chosen = atLast.stream().max(caution).orElseThrow();
        return new Latest<>(chosen, last, atLast.size() > 1, atLast);
    }

    boolean within(LocalDate date, LocalDate windowStart) {
        return !date.isBefore(windowStart) && !date.isAfter(latestAllowed);
    }

    /**
     * For events whose recency raises caution (falls, arthroplasty): any day the recorded date allows
     * falls in the window. "2025" may have been last December; "2026" may have been last week.
     */
    boolean overlaps(When when, LocalDate windowStart) {
        return !when.latestDate().isBefore(windowStart) && !when.date().isAfter(latestAllowed);
    }

    /** The latest day an event's date allows, but not after today. */
    LocalDate latestPossible(When when) {
        return when.latestDate().isAfter(today) ? today : when.latestDate();
    }

    /** A number from valueQuantity (minutes converted to seconds for timed tests), valueInteger or a numeric code. */
    static Optional<BigDecimal> number(Observation o, boolean timed) {
        Type value = o.getValue();
        if (value instanceof Quantity q && q.getValue() != null) {
            String unit = q.hasCode() ? q.getCode() : q.getUnit();
            if (timed && unit != null && unit.trim().toLowerCase(Locale.ROOT).startsWith("min")) {
                return Optional.of(q.getValue().multiply(BigDecimal.valueOf(60)));
            }
            return Optional.of(q.getValue());
        }
        if (value instanceof IntegerType i && i.getValue() != null) {
            return Optional.of(BigDecimal.valueOf(i.getValue()));
        }
        if (value instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) {
                if (c.getCode() != null && DIGITS.matcher(c.getCode()).matches()) {
                    return Optional.of(new BigDecimal(c.getCode()));
                }
            }
        }
        if (value instanceof StringType s && s.getValue() != null && DECIMAL.matcher(s.getValue().trim()).matches()) {
            return Optional.of(new BigDecimal(s.getValue().trim()));
        }
        return Optional.empty();
    }

    /** SNOMED CT's semantic tags, which fully specified names carry and a clinician does not need: "(disorder)". */
    private static final java.util.regex.Pattern SEMANTIC_TAG = java.util.regex.Pattern.compile(
            "\\s*\\((disorder|finding|situation|event|procedure|observable entity|morphologic abnormality|physical object|"
                    + "regime/therapy|qualifier value|body structure|substance|product|medicinal product|clinical drug)\\)\\s*$");

    /** The words a clinician would recognise: the text, else the first display, else system and code; without semantic tags. */
    static String describe(CodeableConcept concept) {
        if (concept == null) {
            return "unnamed";
        }
        if (concept.hasText()) {
            return clean(concept.getText());
        }
        for (Coding c : concept.getCoding()) {
            if (c.hasDisplay()) {
                return clean(c.getDisplay());
            }
        }
        return concept.getCoding().stream().findFirst().map(c -> c.getCode() == null ? "unnamed" : c.getCode()).orElse("unnamed");
    }

    /** A display without its semantic tag: "Osteoporosis (disorder)" reads "Osteoporosis". */
    static String clean(String display) {
        String cleaned = SEMANTIC_TAG.matcher(display).replaceFirst("").trim();
        return cleaned.isEmpty() ? display : cleaned;
    }
}
