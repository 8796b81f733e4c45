package org.retrowalk.cds.clinical;

import static org.retrowalk.cds.clinical.ClinicalValueSet.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceUseStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.retrowalk.cds.clinical.Comorbidities.Kind;
import org.retrowalk.cds.fhir.FhirDates;
import org.retrowalk.cds.fhir.FhirDates.When;
import org.retrowalk.cds.fhir.FhirStatuses;
import org.retrowalk.cds.fhir.PatientRecord;
import org.retrowalk.cds.fhir.References;

/**
 * Turns a FHIR record into the facts of section 2 of the clinical specification. This is the only place
 * that knows how FHIR expresses those facts; the rules see only the result. Where the record is
 * ambiguous, the reading chosen is the more cautious one, and the card is told (DataNote).
 */
public final class FactExtractor {

    private static final String DUE_TO = "http://hl7.org/fhir/StructureDefinition/condition-dueTo";
    private static final Set<String> LEFT_WORDS = Set.of("left", "lt");
    private static final Set<String> RIGHT_WORDS = Set.of("right", "rt");

    private final Terminology terminology;
    private final ClinicalParameters parameters;
    private final BalanceClassifier classifier;
    private final List<DrugClass> drugClasses;

    /**
     * A STOPPFall class: its value set, and its ingredient and brand names. A one-word name is looked up among the
     * words of a medication's text (the same as matching it between word boundaries, for a fraction of the cost);
     * a name of several words ("valproic acid", "MS Contin") by its pattern.
     */
    private record DrugClass(String title, CodeSet codes, Set<String> words, List<DrugName> phrases) {
        boolean named(Set<String> textWords, String text) {
            for (String word : textWords) {
                if (words.contains(word)) {
                    return true;
                }
            }
            return phrases.stream().anyMatch(n -> n.foundIn(text));
        }
    }

    /** The words of a lower-case text, as \\b sees them: runs of a-z, 0-9 and _. */
    static Set<String> words(String lower) {
        Set<String> words = new java.util.HashSet<>();
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                words.add(lower.substring(start, i));
                start = -1;
            }
        }
        return words;
    }

    /**
     * A drug's name as a whole word. The plain substring test comes first because it is far cheaper and almost
     * always fails: only a text that contains the name at all is given to the word-boundary pattern.
     */
    private record DrugName(String lower, Pattern word) {
        boolean foundIn(String text) {
            return text.contains(lower) && word.matcher(text).find();
        }
    }

    public FactExtractor(Terminology terminology, ClinicalParameters parameters) {
        this.terminology = terminology;
        this.parameters = parameters;
        this.classifier = new BalanceClassifier(parameters);
        this.drugClasses = parameters.fallRiskDrugClasses().stream().map(id -> {
            CodeSet set = terminology.byId(id);
            List<String> names = set.drugNames().stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
            Set<String> words = names.stream().filter(name -> name.matches("[a-z0-9_]+")).collect(java.util.stream.Collectors.toSet());
            List<DrugName> phrases = names.stream().filter(name -> !words.contains(name))
                    .map(lower -> new DrugName(lower, Pattern.compile("\\b" + Pattern.quote(lower) + "\\b")))
                    .toList();
            String title = set.title().replaceFirst("^STOPPFall:\\s*", "");
            return new DrugClass(title, set, words, phrases);
        }).toList();
    }

    public ClinicalFacts extract(PatientRecord record, LocalDate evaluationDate) {
        Optional<RemoteTerminology> remote = terminology.remote();
        if (remote.isEmpty()) {
            return new Extraction(record, evaluationDate, null).facts();
        }
        try (RemoteTerminology.Budget budget = remote.get().budget()) {
            return new Extraction(record, evaluationDate, budget).facts();
        }
    }

    /** The state of one extraction: the record, the date, and the notes gathered on the way. */
    private final class Extraction {
        private final PatientRecord record;
        private final LocalDate today;
        private final LocalDate latestAllowed;
        private final List<DataNote> notes = new ArrayList<>();
        private final UnclassifiedCodes unclassified = new UnclassifiedCodes(terminology);
        /** The terminology server's time for this call, when one is configured. */
        private final RemoteTerminology.Budget budget;
        private LocalDate birthDate;
        /** The latest fall as recorded (with its time of day, if any), for "not older than the latest fall". */
        private When latestFallWhen;

        Extraction(PatientRecord record, LocalDate today, RemoteTerminology.Budget budget) {
            this.budget = budget;
            this.record = record;
            this.today = today;
            this.latestAllowed = today.plusDays(parameters.windows().futureToleranceDays());
        }

        ClinicalFacts facts() {
            PatientProfile patient = patient();
            birthDate = patient.getBirthDate();
            FallRiskProfile falls = falls();
            Comorbidities comorbidities = comorbidities();
            List<BalanceResult> balance = balance(patient, falls);
            KneeOsteoarthritis kneeOa = kneeOa();
            Mobility mobility = mobility();
            Arthroplasty arthroplasty = arthroplasty();
            Optional<PainScore> pain = pain();
            List<FallRiskDrug> drugs = fallRiskDrugs();
            if (budget != null && budget.unanswered() > 0) {
                notes.add(new DataNote(DataNote.Kind.ASSUMED, "The terminology server did not answer in time about " + budget.unanswered()
                        + " code(s); they were judged by the shipped value sets only."));
            }
            return new ClinicalFacts(today, patient, kneeOa, falls, balance, mobility, comorbidities, arthroplasty, pain, drugs,
                    List.copyOf(notes), unclassified.count(record));
        }

        // ---- patient -------------------------------------------------------------------------------

        private PatientProfile patient() {
            Optional<Patient> found = record.patient();
            if (found.isEmpty()) {
                notes.add(new DataNote(DataNote.Kind.IGNORED, "No Patient resource was available: age and sex are unknown."));
                return new PatientProfile(record.patientId(), null, null, Gender.OTHER_OR_UNKNOWN, false);
            }
            Patient p = found.get();
            LocalDate birthDate = null;
            Integer age = null;
            if (p.hasBirthDateElement() && p.getBirthDateElement().getValue() != null) {
                birthDate = FhirDates.of(p.getBirthDateElement()).map(When::date).orElse(null);
                if (birthDate != null && birthDate.isAfter(today)) {
                    notes.add(new DataNote(DataNote.Kind.IGNORED, "The date of birth " + birthDate + " is in the future and was not used."));
                    birthDate = null;
                } else if (birthDate != null) {
                    age = Period.between(birthDate, today).getYears();
                }
            }
            boolean deceased = (p.hasDeceasedBooleanType() && p.getDeceasedBooleanType().booleanValue())
                    || p.hasDeceasedDateTimeType();
            Gender gender = p.getGender() == Enumerations.AdministrativeGender.MALE ? Gender.MALE
                    : p.getGender() == Enumerations.AdministrativeGender.FEMALE ? Gender.FEMALE : Gender.OTHER_OR_UNKNOWN;
            return new PatientProfile(p.getIdElement().getIdPart(), birthDate, age, gender, deceased);
        }

        // ---- knee OA ---------------------------------------------------------------------------------

        private KneeOsteoarthritis kneeOa() {
            CodeSet kneeOa = terminology.get(KNEE_OA);
            Optional<Condition> diagnosis = record.all(Condition.class).stream()
                    .filter(c -> kneeOa.contains(c.getCode()) && FhirStatuses.active(c))
                    .max(Comparator.comparing(c -> onset(c).map(When::date).orElse(LocalDate.MIN)));
            Kl kl = klGrade();
            return new KneeOsteoarthritis(diagnosis.isPresent(),
                    diagnosis.map(c -> c.getIdElement().getIdPart()).orElse(null),
                    diagnosis.map(c -> describe(c.getCode())).orElse(null),
                    diagnosis.flatMap(this::onset).map(When::date).orElse(null),
                    kl == null ? null : kl.grade, kl == null ? null : kl.date, kl == null ? null : kl.knee);
        }

        private record Kl(int grade, LocalDate date, String knee) {}

        /** Latest grade per knee (by body site; without one, all results are one knee); the worst knee wins. */
        private Kl klGrade() {
            Map<String, List<Dated<BigDecimal>>> byKnee = new LinkedHashMap<>();
            for (Dated<Observation> o : observations(terminology.get(KL_GRADE), "Kellgren-Lawrence grade")) {
                Optional<BigDecimal> grade = number(o.value(), false);
                if (grade.isEmpty() || grade.get().signum() < 0 || grade.get().compareTo(BigDecimal.valueOf(4)) > 0
                        || grade.get().stripTrailingZeros().scale() > 0) {
                    notes.add(new DataNote(DataNote.Kind.IGNORED, "A Kellgren-Lawrence grade on " + o.when().date() + " is not a grade from 0 to 4 and was not used."));
                    continue;
                }
                byKnee.computeIfAbsent(knee(o.value()), k -> new ArrayList<>()).add(new Dated<>(grade.get(), o.when()));
            }
            Kl worst = null;
            for (Map.Entry<String, List<Dated<BigDecimal>>> knee : byKnee.entrySet()) {
                Latest<BigDecimal> latest = latest(knee.getValue(), Comparator.naturalOrder());
                if (latest.conflicting()) {
                    notes.add(new DataNote(DataNote.Kind.CONFLICT, "Different Kellgren-Lawrence grades for the " + knee.getKey()
                            + " on " + latest.when().date() + " " + latest.values() + ": the highest was used."));
                }
                int grade = latest.value().intValue();
                if (worst == null || grade > worst.grade) {
                    worst = new Kl(grade, latest.when().date(), knee.getKey());
                }
            }
            return worst;
        }

        private String knee(Observation o) {
            CodeableConcept site = o.getBodySite();
            if (site == null || site.isEmpty()) {
                return "knee";
            }
            if (terminology.get(KNEE_LEFT).contains(site)) {
                return "left knee";
            }
            if (terminology.get(KNEE_RIGHT).contains(site)) {
                return "right knee";
            }
            String words = describe(site).toLowerCase(Locale.ROOT);
            for (String w : words.split("[^a-z]+")) {
                if (LEFT_WORDS.contains(w)) {
                    return "left knee";
                }
                if (RIGHT_WORDS.contains(w)) {
                    return "right knee";
                }
            }
            return "knee";
        }

        // ---- falls -----------------------------------------------------------------------------------

        private FallRiskProfile falls() {
            LocalDate windowStart = today.minusMonths(parameters.windows().fallWindowMonths());
            CodeSet fall = terminology.get(FALL);
            List<Condition> fallConditions = new ArrayList<>();
            TreeSet<LocalDate> fallDates = new TreeSet<>();
            int undatedFalls = 0;
            for (Condition c : record.all(Condition.class)) {
                if (!FhirStatuses.verified(c) || !isConcept(c.getCode(), fall, TextConcepts.FALL)) {
                    continue;
                }
                Optional<When> when = onset(c);
                if (when.isEmpty()) {
                    undatedFalls++;
                    fallConditions.add(c);
                } else if (overlaps(when.get(), windowStart)) {
                    fallDates.add(latestPossible(when.get()));
                    fallConditions.add(c);
                    if (latestFallWhen == null || when.get().latestDate().isAfter(latestFallWhen.latestDate())
                            || (when.get().latestDate().equals(latestFallWhen.latestDate()) && when.get().compareTo(latestFallWhen) > 0)) {
                        latestFallWhen = when.get();
                    }
                }
            }
            if (undatedFalls > 0) {
                notes.add(new DataNote(DataNote.Kind.ASSUMED, undatedFalls + " fall record(s) without a date were counted as falls in the last 12 months."));
            }

            Latest<BigDecimal> questionnaire = latestWithin(FALLS_COUNT, "Falls in the past 12 months", windowStart,
                    o -> number(o, false).filter(n -> n.signum() >= 0));
            int reported = questionnaire == null ? 0 : questionnaire.value().intValue();
            if (questionnaire != null && questionnaire.conflicting()) {
                notes.add(new DataNote(DataNote.Kind.CONFLICT, "Different fall counts on " + questionnaire.when().date() + " "
                        + questionnaire.values() + ": the highest was used."));
            }
            int count = Math.max(reported, fallDates.size() + undatedFalls);
            LocalDate latestFall = !fallDates.isEmpty() ? fallDates.last()
                    : reported >= 1 ? questionnaire.when().date() : null;
            if (fallDates.isEmpty() && reported >= 1) {
                latestFallWhen = questionnaire.when();
            }

            Optional<String> injury = injuryNear(fallConditions, fallDates);
            boolean syncope = nearFall(terminology.get(SYNCOPE), null, fallDates).isPresent();
            boolean frailty = record.all(Condition.class).stream()
                    .anyMatch(c -> terminology.get(FRAILTY).contains(c.getCode()) && FhirStatuses.active(c));

            Latest<Boolean> fear = steadiAnswer(FEAR_OF_FALLING, "worries about falling", windowStart);
            Latest<Boolean> unsteady = steadiAnswer(FEELS_UNSTEADY, "feels unsteady", windowStart);
            boolean screened = questionnaire != null || fear != null || unsteady != null || !fallConditions.isEmpty();

            return new FallRiskProfile(count, latestFall, injury.isPresent(), injury.orElse(null), syncope, frailty,
                    screened, fear != null && fear.value(), unsteady != null && unsteady.value());
        }

        /** An injury within the injury window of a fall, or one linked to a fall by condition-dueTo. */
        private Optional<String> injuryNear(List<Condition> fallConditions, Set<LocalDate> fallDates) {
            CodeSet injury = terminology.get(INJURY);
            Set<String> fallIds = new LinkedHashSet<>();
            fallConditions.forEach(f -> fallIds.add(f.getIdElement().getIdPart()));
            for (Condition c : record.all(Condition.class)) {
                if (!FhirStatuses.verified(c) || !isConcept(c.getCode(), injury, TextConcepts.INJURY)) {
                    continue;
                }
                for (Extension dueTo : c.getExtensionsByUrl(DUE_TO)) {
                    if (dueTo.getValue() instanceof Reference ref && fallIds.contains(References.idPart(ref.getReference()))) {
                        return Optional.of(describe(c.getCode()));
                    }
                    if (dueTo.getValue() instanceof CodeableConcept cause && terminology.get(FALL).contains(cause)
                            && onset(c).map(w -> within(w.date(), today.minusMonths(parameters.windows().fallWindowMonths()))).orElse(false)) {
                        return Optional.of(describe(c.getCode()));
                    }
                }
            }
            for (Condition fall : fallConditions) {
                for (Extension dueTo : fall.getExtensionsByUrl(DUE_TO)) {
                    if (dueTo.getValue() instanceof Reference ref) {
                        String id = References.idPart(ref.getReference());
                        Optional<Condition> linked = record.all(Condition.class).stream()
                                .filter(c -> c.getIdElement().getIdPart() != null && c.getIdElement().getIdPart().equals(id)
                                        && FhirStatuses.verified(c) && isConcept(c.getCode(), injury, TextConcepts.INJURY))
                                .findFirst();
                        if (linked.isPresent()) {
                            return Optional.of(describe(linked.get().getCode()));
                        }
                    }
                }
            }
            return nearFall(injury, TextConcepts.INJURY, fallDates);
        }

        /** A verified condition in the set whose onset lies within the injury window of a dated fall. */
        private Optional<String> nearFall(CodeSet codes, TextConcepts words, Set<LocalDate> fallDates) {
            int days = parameters.windows().fallInjuryDays();
            for (Condition c : record.all(Condition.class)) {
                if (!FhirStatuses.verified(c) || !isConcept(c.getCode(), codes, words)) {
                    continue;
                }
                Optional<When> when = onset(c);
                if (when.isPresent()) {
                    for (LocalDate fallDate : fallDates) {
                        // Near the fall if any day the injury's date allows is within the window of it.
                        if (!when.get().latestDate().isBefore(fallDate.minusDays(days)) && !when.get().date().isAfter(fallDate.plusDays(days))) {
                            return Optional.of(describe(c.getCode()) + ", " + when.get().date());
                        }
                    }
                }
            }
            return Optional.empty();
        }

        private Latest<Boolean> steadiAnswer(ClinicalValueSet question, String words, LocalDate windowStart) {
            Latest<Boolean> answer = latestWithin(question, "STEADI answer (" + words + ")", windowStart, this::yesNo);
            if (answer != null && answer.conflicting()) {
                notes.add(new DataNote(DataNote.Kind.CONFLICT, "Both yes and no recorded on " + answer.when().date()
                        + " for \"" + words + "\": yes was used."));
            }
            return answer;
        }

        private Optional<Boolean> yesNo(Observation o) {
            Type value = o.getValue();
            if (value instanceof BooleanType b && b.getValue() != null) {
                return Optional.of(b.booleanValue());
            }
            if (value instanceof CodeableConcept cc) {
                if (terminology.get(ANSWER_YES).contains(cc)) {
                    return Optional.of(true);
                }
                if (terminology.get(ANSWER_NO).contains(cc)) {
                    return Optional.of(false);
                }
            }
            return Optional.empty();
        }

        // ---- balance ---------------------------------------------------------------------------------

        private List<BalanceResult> balance(PatientProfile patient, FallRiskProfile falls) {
            List<BalanceResult> results = new ArrayList<>();
            LocalDate windowStart = today.minusDays(parameters.windows().balanceWindowDays());
            for (BalanceTest test : BalanceTest.values()) {
                List<Dated<BigDecimal>> values = new ArrayList<>();
                for (Dated<Observation> o : observations(terminology.byId(test.valueSetId()), test.title())) {
                    Optional<BigDecimal> value = number(o.value(), test.timed()).filter(v -> v.signum() >= 0);
                    if (value.isEmpty()) {
                        notes.add(new DataNote(DataNote.Kind.IGNORED, "A " + test.title() + " result on " + o.when().date() + " has no usable number and was not used."));
                    } else {
                        values.add(new Dated<>(value.get(), o.when()));
                    }
                }
                if (values.isEmpty()) {
                    continue;
                }
                Function<BigDecimal, Severity> classify = v -> classifier.classify(test, v, patient.getAge(), patient.getGender(), falls.isAnyFall());
                Latest<BigDecimal> latest = latest(values, Comparator.comparing(classify));
                LocalDate date = latest.when().date();
                String stale = date.isBefore(windowStart) ? "older than " + parameters.windows().balanceWindowDays() + " days"
                        : latestFallWhen != null && !latest.when().certainlyAfter(latestFallWhen)
                                ? (date.isBefore(falls.getLatestFall()) ? "done before the fall on " : "not clearly done after the fall on ") + falls.getLatestFall()
                        : null;
                if (latest.conflicting()) {
                    notes.add(new DataNote(DataNote.Kind.CONFLICT, "Different " + test.title() + " results on " + date + " "
                            + latest.values() + ": the most cautious one was used."));
                }
                BalanceResult result = new BalanceResult(test, latest.value(), date, classify.apply(latest.value()), stale, latest.conflicting());
                if (stale != null) {
                    notes.add(new DataNote(DataNote.Kind.STALE, result.describe() + " is " + stale + ": shown, not used."));
                }
                results.add(result);
            }
            List<BalanceResult> usable = results.stream().filter(BalanceResult::isUsable).toList();
            if (usable.stream().map(BalanceResult::getSeverity).distinct().count() > 1) {
                notes.add(new DataNote(DataNote.Kind.CONFLICT, "Balance results disagree (" + String.join("; ",
                        usable.stream().map(b -> b.getTest().title() + " " + b.getSeverity().label()).toList())
                        + "): the most cautious classification counts."));
            }
            return results;
        }

        // ---- mobility, comorbidities, arthroplasty ------------------------------------------------------

        /**
         * Walking aids from Device and DeviceUseStatement. A statement's device may be a reference into the record,
         * a contained Device, or only a display; a Device counts by its type's codes, else by the words of its type,
         * names and narrative (section 3a: text only ever adds an aid).
         */
        private Mobility mobility() {
            Set<MobilityAid> aids = EnumSet.noneOf(MobilityAid.class);
            for (Device d : record.all(Device.class)) {
                if (inUse(d)) {
                    aids.add(aidOf(d));
                }
            }
            for (DeviceUseStatement s : record.all(DeviceUseStatement.class)) {
                if (s.getStatus() != DeviceUseStatement.DeviceUseStatementStatus.ACTIVE || !s.hasDevice()) {
                    continue;
                }
                Reference ref = s.getDevice();
                Optional<Device> device = ref.getResource() instanceof Device d ? Optional.of(d) : contained(s, ref.getReference(), Device.class);
                if (device.isEmpty()) {
                    device = record.device(ref.getReference());
                }
                if (device.isPresent()) {
                    aids.add(aidOf(device.get()));
                } else if (ref.hasDisplay()) {
                    aids.add(aidFromWords(List.of(ref.getDisplay())));
                }
            }
            return new Mobility(aids);
        }

        private boolean inUse(Device d) {
            return d.getStatus() != Device.FHIRDeviceStatus.INACTIVE && d.getStatus() != Device.FHIRDeviceStatus.ENTEREDINERROR;
        }

        private MobilityAid aidOf(Device device) {
            CodeableConcept type = device.getType();
            if (terminology.get(MOBILITY_WHEELCHAIR).contains(type)) {
                return MobilityAid.WHEELCHAIR;
            }
            if (terminology.get(MOBILITY_WALKER).contains(type)) {
                return MobilityAid.WALKER;
            }
            if (terminology.get(MOBILITY_CANE).contains(type)) {
                return MobilityAid.CANE;
            }
            List<String> words = new ArrayList<>();
            words.add(type.getText());
            type.getCoding().forEach(c -> words.add(c.getDisplay()));
            device.getDeviceName().forEach(n -> words.add(n.getName()));
            MobilityAid aid = aidFromWords(words);
            // The narrative last: it is the costliest to read and usually says what the type already said.
            return aid == MobilityAid.NONE && device.hasText() && device.getText().hasDiv()
                    ? aidFromWords(List.of(device.getText().getDiv().allText())) : aid;
        }

        /** The most restrictive aid named in the words: a wheelchair before a walker before a cane. */
        private MobilityAid aidFromWords(List<String> words) {
            for (TextConcepts concept : List.of(TextConcepts.WHEELCHAIR, TextConcepts.WALKER, TextConcepts.CANE)) {
                for (String text : words) {
                    Optional<String> found = concept.foundIn(text);
                    if (found.isPresent()) {
                        fromText(concept, found.get());
                        return concept == TextConcepts.WHEELCHAIR ? MobilityAid.WHEELCHAIR
                                : concept == TextConcepts.WALKER ? MobilityAid.WALKER : MobilityAid.CANE;
                    }
                }
            }
            return MobilityAid.NONE;
        }

        /** In the value set by code; or, where no code the service knows is present, named in the words. */
        private boolean isConcept(CodeableConcept code, CodeSet codes, TextConcepts words) {
            if (codes.contains(code)) {
                return true;
            }
            if (words == null || !TextConcepts.uncoded(code)) {
                return false;
            }
            Optional<String> found = words.foundIn(code);
            found.ifPresent(text -> fromText(words, text));
            return found.isPresent();
        }

        private void fromText(TextConcepts concept, String text) {
            DataNote note = new DataNote(DataNote.Kind.FROM_TEXT, "Recognised as " + concept.words() + " from the words \""
                    + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "\" (no code the service knows).");
            if (!notes.contains(note)) {
                notes.add(note);
            }
        }

        private <R extends Resource> Optional<R> contained(org.hl7.fhir.r4.model.DomainResource owner, String reference, Class<R> type) {
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

        private Optional<When> onset(Condition c) {
            return FhirDates.onset(c, birthDate);
        }

        private Comorbidities comorbidities() {
            Map<Kind, List<String>> found = new EnumMap<>(Kind.class);
            Map<Kind, ClinicalValueSet> sets = Map.of(Kind.NEURO, NEURO, Kind.OSTEOPOROSIS, OSTEOPOROSIS,
                    Kind.VISION, VISION, Kind.VESTIBULAR, VESTIBULAR, Kind.NEUROPATHY, NEUROPATHY, Kind.COGNITIVE, COGNITIVE);
            List<Condition> conditions = record.all(Condition.class);
            sets.forEach((kind, vs) -> conditions.stream()
                    .filter(c -> terminology.get(vs).contains(c.getCode()) && FhirStatuses.active(c))
                    .forEach(c -> addDistinct(found, kind, describe(c.getCode()))));
            // A fracture is an event: any verified one counts, whatever its clinical status.
            conditions.stream().filter(c -> FhirStatuses.verified(c) && terminology.get(FRAGILITY_FRACTURE).contains(c.getCode()))
                    .forEach(c -> addDistinct(found, Kind.FRAGILITY_FRACTURE, describe(c.getCode())));
            if (found.containsKey(Kind.OSTEOPOROSIS)) {
                conditions.stream().filter(c -> FhirStatuses.verified(c) && terminology.get(FRAGILITY_SITE_FRACTURE).contains(c.getCode()))
                        .forEach(c -> addDistinct(found, Kind.FRAGILITY_FRACTURE, describe(c.getCode())));
            }
            return new Comorbidities(found);
        }

        private void addDistinct(Map<Kind, List<String>> found, Kind kind, String diagnosis) {
            List<String> list = found.computeIfAbsent(kind, k -> new ArrayList<>());
            if (!list.contains(diagnosis)) {
                list.add(diagnosis);
            }
        }

        private Arthroplasty arthroplasty() {
            CodeSet codes = terminology.get(KNEE_ARTHROPLASTY);
            LocalDate windowStart = today.minusWeeks(parameters.windows().arthroplastyWeeks());
            LocalDate recentDate = null;
            boolean recent = false;
            boolean undated = false;
            for (Procedure p : record.all(Procedure.class)) {
                if (!codes.contains(p.getCode()) || p.getStatus() == Procedure.ProcedureStatus.ENTEREDINERROR
                        || p.getStatus() == Procedure.ProcedureStatus.NOTDONE || p.getStatus() == Procedure.ProcedureStatus.PREPARATION) {
                    continue;
                }
                Optional<When> when = FhirDates.performed(p);
                if (when.isEmpty()) {
                    undated = true;
                } else if (overlaps(when.get(), windowStart)) {
                    recent = true;
                    recentDate = later(recentDate, latestPossible(when.get()));
                }
            }
            for (Condition c : record.all(Condition.class)) {
                if (!codes.contains(c.getCode()) || !FhirStatuses.verified(c)) {
                    continue;
                }
                Optional<When> when = onset(c);
                if (when.isEmpty()) {
                    undated = true;
                } else if (overlaps(when.get(), windowStart)) {
                    recent = true;
                    recentDate = later(recentDate, latestPossible(when.get()));
                }
            }
            if (undated && !recent) {
                recent = true;
                notes.add(new DataNote(DataNote.Kind.ASSUMED, "A knee arthroplasty is recorded without a date: it was treated as possibly recent."));
            }
            boolean planned = record.all(ServiceRequest.class).stream()
                    .anyMatch(s -> codes.contains(s.getCode()) && (s.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE
                            || s.getStatus() == ServiceRequest.ServiceRequestStatus.ONHOLD));
            return new Arthroplasty(recent, recentDate, planned);
        }

        private LocalDate later(LocalDate a, LocalDate b) {
            return a == null || b.isAfter(a) ? b : a;
        }

        // ---- pain and medication ------------------------------------------------------------------------

        private Optional<PainScore> pain() {
            LocalDate windowStart = today.minusDays(parameters.windows().painWindowDays());
            BigDecimal high = BigDecimal.valueOf(parameters.rules().highPainNrs());
            // A high score dated only by month or year counts if any part of that period is in the window (section 3a).
            Latest<BigDecimal> latest = latestWithin(PAIN_NRS, "Pain score", windowStart,
                    o -> number(o, false).filter(n -> n.signum() >= 0 && n.compareTo(BigDecimal.TEN) <= 0), n -> n.compareTo(high) >= 0);
            if (latest == null) {
                return Optional.empty();
            }
            if (latest.conflicting()) {
                notes.add(new DataNote(DataNote.Kind.CONFLICT, "Different pain scores on " + latest.when().date() + " "
                        + latest.values() + ": the highest was used."));
            }
            return Optional.of(new PainScore(latest.value().intValue(), latest.when().date()));
        }

        private List<FallRiskDrug> fallRiskDrugs() {
            List<FallRiskDrug> drugs = new ArrayList<>();
            for (MedicationRequest m : record.all(MedicationRequest.class)) {
                // doNotPerform: an order NOT to give the drug is not use of it.
                if (m.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE && !m.getDoNotPerform()) {
                    classify(medicationConcept(m.getMedication(), m), drugs);
                }
            }
            for (MedicationStatement m : record.all(MedicationStatement.class)) {
                if (m.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE) {
                    classify(medicationConcept(m.getMedication(), m), drugs);
                }
            }
            return drugs;
        }

        private CodeableConcept medicationConcept(Type medication, Resource owner) {
            if (medication instanceof CodeableConcept cc) {
                return cc;
            }
            if (medication instanceof Reference ref) {
                if (owner instanceof org.hl7.fhir.r4.model.DomainResource domain) {
                    Optional<Medication> contained = contained(domain, ref.getReference(), Medication.class);
                    if (contained.isPresent()) {
                        return contained.get().getCode();
                    }
                }
                if (ref.getResource() instanceof Medication med) {
                    return med.getCode();
                }
                return new CodeableConcept().setText(ref.getDisplay());
            }
            return new CodeableConcept();
        }

        /** Codes first; then the ingredient names as words in the text or the codings' displays. */
        private void classify(CodeableConcept medication, List<FallRiskDrug> drugs) {
            String name = describe(medication);
            String words = (medication.getText() == null ? "" : medication.getText()) + " "
                    + String.join(" ", medication.getCoding().stream().map(c -> c.getDisplay() == null ? "" : c.getDisplay()).toList());
            String lower = words.toLowerCase(Locale.ROOT);
            Set<String> textWords = words(lower);
            for (DrugClass drugClass : drugClasses) {
                // RxNorm ingredients and drugs, ATC classes by prefix: any coding the class's value set holds.
                boolean byCode = medication.getCoding().stream().anyMatch(drugClass.codes()::contains);
                boolean byName = !byCode && drugClass.named(textWords, lower);
                if (byCode || byName) {
                    drugs.add(new FallRiskDrug(drugClass.title(), name));
                }
            }
        }

        // ---- shared helpers ---------------------------------------------------------------------------

        /** Countable (final, amended, corrected), dated, not in the future, with a code in the set. */
        private List<Dated<Observation>> observations(CodeSet codes, String what) {
            List<Dated<Observation>> found = new ArrayList<>();
            for (Observation o : record.all(Observation.class)) {
                if (!codes.contains(o.getCode())) {
                    continue;
                }
                if (!FhirStatuses.countable(o)) {
                    if (o.getStatus() == Observation.ObservationStatus.PRELIMINARY || o.getStatus() == Observation.ObservationStatus.REGISTERED) {
                        notes.add(new DataNote(DataNote.Kind.IGNORED, "A " + o.getStatus().toCode() + " " + what + " result was not used (not final)."));
                    }
                    continue;
                }
                Optional<When> when = FhirDates.effective(o);
                if (when.isEmpty()) {
                    notes.add(new DataNote(DataNote.Kind.IGNORED, "A " + what + " result without a date was not used."));
                } else if (when.get().date().isAfter(latestAllowed)) {
                    notes.add(new DataNote(DataNote.Kind.IGNORED, "A " + what + " result dated " + when.get().date() + ", after today, was not used."));
                } else {
                    found.add(new Dated<>(o, when.get()));
                }
            }
            return found;
        }

        private <T> Latest<T> latestWithin(ClinicalValueSet set, String what, LocalDate windowStart, Function<Observation, Optional<T>> read) {
            return latestWithin(set, what, windowStart, read, v -> false);
        }

        /**
         * The latest value in the window. A result counts when the whole period its date names is in the window;
         * a value that raises caution counts when any part of it is (a partial date read in the cautious direction).
         */
        private <T> Latest<T> latestWithin(ClinicalValueSet set, String what, LocalDate windowStart, Function<Observation, Optional<T>> read,
                                           java.util.function.Predicate<T> raisesCaution) {
            List<Dated<T>> values = new ArrayList<>();
            for (Dated<Observation> o : observations(terminology.get(set), what)) {
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

        private boolean within(LocalDate date, LocalDate windowStart) {
            return !date.isBefore(windowStart) && !date.isAfter(latestAllowed);
        }

        /**
         * For events whose recency raises caution (falls, arthroplasty): any day the recorded date allows
         * falls in the window. "2025" may have been last December; "2026" may have been last week.
         */
        private boolean overlaps(When when, LocalDate windowStart) {
            return !when.latestDate().isBefore(windowStart) && !when.date().isAfter(latestAllowed);
        }

        /** The latest day an event's date allows, but not after today. */
        private LocalDate latestPossible(When when) {
            return when.latestDate().isAfter(today) ? today : when.latestDate();
        }
    }

    private record Dated<T>(T value, When when) {}

    /** The latest value; when several differ at that moment, the greatest by {@code caution} and a conflict. */
    private record Latest<T>(T value, When when, boolean conflicting, List<T> values) {}

    private static <T> Latest<T> latest(List<Dated<T>> values, Comparator<T> caution) {
        When last = values.stream().map(Dated::when).max(Comparator.naturalOrder()).orElseThrow();
        List<T> atLast = values.stream().filter(v -> v.when().compareTo(last) == 0).map(Dated::value).distinct().toList();
        T chosen = atLast.stream().max(caution).orElseThrow();
        return new Latest<>(chosen, last, atLast.size() > 1, atLast);
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
                if (c.getCode() != null && c.getCode().matches("\\d+")) {
                    return Optional.of(new BigDecimal(c.getCode()));
                }
            }
        }
        if (value instanceof StringType s && s.getValue() != null && s.getValue().trim().matches("\\d+(\\.\\d+)?")) {
            return Optional.of(new BigDecimal(s.getValue().trim()));
        }
        return Optional.empty();
    }

    /** The words a clinician would recognise: the text, else the first display, else system and code. */
    static String describe(CodeableConcept concept) {
        if (concept == null) {
            return "unnamed";
        }
        if (concept.hasText()) {
            return concept.getText();
        }
        for (Coding c : concept.getCoding()) {
            if (c.hasDisplay()) {
                return c.getDisplay();
            }
        }
        return concept.getCoding().stream().findFirst().map(c -> c.getCode() == null ? "unnamed" : c.getCode()).orElse("unnamed");
    }
}
