package org.retrowalk.cds.facts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.terminology.CodeSet;
import org.retrowalk.cds.terminology.Terminology;

/**
 * Fall-risk-increasing drugs (STOPPFall, R49) and anticoagulants (R38) among the active MedicationRequests (not those
 * ordering the drug NOT to be given) and MedicationStatements: by code first (RxNorm, ATC by prefix), then by
 * ingredient or brand name in the medication's text or displays. A class that counts only when taken at home
 * (heparins) does not count on an inpatient order.
 */
final class MedicationReader {

    /**
     * A STOPPFall class: its value set, and its ingredient and brand names. A one-word name is looked up among the
     * words of a medication's text (the same as matching it between word boundaries, for a fraction of the cost);
     * a name of several words ("valproic acid", "MS Contin") by its pattern.
     */
    private record DrugClass(String title, CodeSet codes, Set<String> words, List<DrugName> phrases, boolean atHomeOnly) {
        boolean named(Set<String> textWords, String text) {
            for (String word : textWords) {
                if (words.contains(word)) {
                    return true;
                }
            }
            return phrases.stream().anyMatch(n -> n.foundIn(text));
        }
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

    /** The medications in use, and what each drug class found among them. */
    record Found(List<DrugInUse> fallRiskDrugs, List<DrugInUse> anticoagulants) {}

    private final List<DrugClass> fallRiskClasses;
    private final List<DrugClass> anticoagulantClasses;

    MedicationReader(Terminology terminology, ClinicalParameters parameters) {
        this.fallRiskClasses = parameters.fallRiskDrugClasses().stream().map(id -> drugClass(terminology, id, false)).toList();
        this.anticoagulantClasses = parameters.anticoagulants().classes().stream()
                .map(id -> drugClass(terminology, id, parameters.anticoagulants().atHomeOnly().contains(id))).toList();
    }

    private static DrugClass drugClass(Terminology terminology, String id, boolean atHomeOnly) {
        CodeSet set = terminology.byId(id);
        List<String> names = set.drugNames().stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
        Set<String> words = names.stream().filter(name -> name.matches("[a-z0-9_]+")).collect(Collectors.toSet());
        List<DrugName> phrases = names.stream().filter(name -> !words.contains(name))
                .map(lower -> new DrugName(lower, Pattern.compile("\\b" + Pattern.quote(lower) + "\\b")))
                .toList();
        String title = set.title().replaceFirst("^(STOPPFall|Anticoagulants):\\s*", "");
        return new DrugClass(title, set, words, phrases, atHomeOnly);
    }

    Found read(ReadingContext context) {
        List<DrugInUse> drugs = new ArrayList<>();
        List<DrugInUse> anticoagulants = new ArrayList<>();
        for (MedicationRequest m : context.record.all(MedicationRequest.class)) {
            // doNotPerform: an order NOT to give the drug is not use of it.
            if (m.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE && !m.getDoNotPerform()) {
                InUse medication = new InUse(concept(m.getMedication(), m));
                medication.classify(fallRiskClasses, false, (c, name) -> drugs.add(new DrugInUse(DrugInUse.Kind.FALL_RISK, c, name)));
                medication.classify(anticoagulantClasses, inpatient(m.getCategory()), (c, name) -> anticoagulants.add(new DrugInUse(DrugInUse.Kind.ANTICOAGULANT, c, name)));
            }
        }
        for (MedicationStatement m : context.record.all(MedicationStatement.class)) {
            if (m.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE) {
                InUse medication = new InUse(concept(m.getMedication(), m));
                medication.classify(fallRiskClasses, false, (c, name) -> drugs.add(new DrugInUse(DrugInUse.Kind.FALL_RISK, c, name)));
                medication.classify(anticoagulantClasses, inpatient(List.of(m.getCategory())),
                        (c, name) -> anticoagulants.add(new DrugInUse(DrugInUse.Kind.ANTICOAGULANT, c, name)));
            }
        }
        return new Found(drugs, anticoagulants);
    }

    /** An order or statement of use in hospital (category inpatient): a heparin there is not taken at home. */
    private static boolean inpatient(List<CodeableConcept> categories) {
        for (CodeableConcept category : categories) {
            for (org.hl7.fhir.r4.model.Coding c : category.getCoding()) {
                if ("inpatient".equals(c.getCode())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The medication as a concept: given as one, contained (#id), resolved in the reference, or only the reference's display. */
    static CodeableConcept concept(Type medication, Resource owner) {
        if (medication instanceof CodeableConcept cc) {
            return cc;
        }
        if (medication instanceof Reference ref) {
            if (owner instanceof DomainResource domain) {
                Optional<Medication> contained = ReadingContext.contained(domain, ref.getReference(), Medication.class);
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

    /** One medication in use: its concept, its name for the card, and its words, read once for every drug class. */
    private static final class InUse {
        private final CodeableConcept concept;
        private final String name;
        private final String lower;
        private final Set<String> textWords;

        InUse(CodeableConcept concept) {
            this.concept = concept;
            this.name = ReadingContext.describe(concept);
            String words = (concept.getText() == null ? "" : concept.getText()) + " "
                    + String.join(" ", concept.getCoding().stream().map(c -> c.getDisplay() == null ? "" : c.getDisplay()).toList());
            this.lower = words.toLowerCase(Locale.ROOT);
            this.textWords = words(lower);
        }

        /** Codes first; then the ingredient names as words in the text or the codings' displays. */
        void classify(List<DrugClass> classes, boolean inpatient, java.util.function.BiConsumer<String, String> found) {
            for (DrugClass drugClass : classes) {
                if (inpatient && drugClass.atHomeOnly()) {
                    continue;
                }
                // RxNorm ingredients and drugs, ATC classes by prefix: any coding the class's value set holds.
                boolean byCode = concept.getCoding().stream().anyMatch(drugClass.codes()::contains);
                boolean byName = !byCode && drugClass.named(textWords, lower);
                if (byCode || byName) {
                    found.accept(drugClass.title(), name);
                }
            }
        }
    }

    /** The words of a lower-case text, as \\b sees them: runs of a-z, 0-9 and _. */
    static Set<String> words(String lower) {
        Set<String> words = new HashSet<>();
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
}
