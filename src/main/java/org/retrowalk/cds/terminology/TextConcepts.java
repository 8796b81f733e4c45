package org.retrowalk.cds.terminology;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The concepts that may be recognised from words alone (clinical specification, section 3a): a wheelchair,
 * walker, cane, fall, fracture or injury named only in text, or under a code from a system the service does
 * not know. Only ever used to add a concept, never to remove one, so the answer can only grow more cautious;
 * the card says that the concept was matched from text. Negated and risk phrases ("no falls", "fall risk",
 * "fear of falling") are not a fall.
 */
public enum TextConcepts {
    WHEELCHAIR("a wheelchair", "\\bwheel\\s?chairs?\\b|\\bscooters?\\b", "wheel", "scooter"),
    WALKER("a walker", "\\bwalkers?\\b|\\brollators?\\b|\\bwalking frames?\\b|\\bzimmer frames?\\b", "walk", "rollator", "frame"),
    CANE("a cane", "\\bcanes?\\b|\\bwalking sticks?\\b|\\bcrutch(es)?\\b", "cane", "stick", "crutch"),
    FALL("a fall", "\\bfalls?\\b|\\bfell\\b|\\bfallen\\b", "fall", "fell"),
    INJURY("an injury", "\\bfractur(e|es|ed)\\b|\\bbroken\\b|\\binjur(y|ies|ed)\\b|\\bconcussion\\b|\\blaceration\\b"
            + "|\\bcontusion\\b|\\bsprain(ed)?\\b|\\bdislocat(ion|ed)\\b|\\bwounds?\\b|\\bbruis(e|ed|ing)\\b|\\bhead trauma\\b",
            "fractur", "broken", "injur", "concussion", "laceration", "contusion", "sprain", "dislocat", "wound", "bruis", "trauma");

    /** A negation before the concept's word: "no falls", "denies injury", "ruled out fracture". */
    private static final Pattern NEGATION = Pattern.compile("\\b(no|not|denies|denied|without|negative for|ruled out|free of)\\b");
    /** A negation after the word: "fracture ruled out", "fall not witnessed" is still a fall, so only these. */
    private static final Pattern NEGATED_AFTER = Pattern.compile("\\b(ruled out|excluded|not seen|not found|negative)\\b");
    /** A fall mentioned as a risk, a fear or something to prevent is not a fall. */
    private static final Pattern NOT_A_FALL = Pattern.compile("\\b(risks?|fear|afraid|worried|prevent\\w*|screen\\w*|assessment)\\b");

    private final String words;
    private final Pattern pattern;
    /** Every match contains one of these: a cheap test that spares the pattern almost every text. */
    private final String[] stems;

    TextConcepts(String words, String regex, String... stems) {
        this.words = words;
        this.pattern = Pattern.compile(regex);
        this.stems = stems;
    }

    /** How the card names what was found: "a wheelchair". */
    public String words() {
        return words;
    }

    /** The text that names this concept, if any: the concept's text, else a coding's display. */
    public Optional<String> foundIn(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean stem = false;
        for (String s : stems) {
            stem |= lower.contains(s);
        }
        if (!stem) {
            return Optional.empty();
        }
        Matcher found = pattern.matcher(lower);
        if (!found.find() || NEGATION.matcher(lower.substring(0, found.start())).find()
                || NEGATED_AFTER.matcher(lower.substring(found.end())).find()
                || (this == FALL && NOT_A_FALL.matcher(lower).find())) {
            return Optional.empty();
        }
        return Optional.of(text.trim());
    }

    public Optional<String> foundIn(CodeableConcept concept) {
        if (concept == null) {
            return Optional.empty();
        }
        Optional<String> inText = foundIn(concept.getText());
        if (inText.isPresent()) {
            return inText;
        }
        for (Coding c : concept.getCoding()) {
            Optional<String> inDisplay = foundIn(c.getDisplay());
            if (inDisplay.isPresent()) {
                return inDisplay;
            }
        }
        return Optional.empty();
    }

    /** No coding the service can read: no code at all, or only codes from systems it does not know. */
    public static boolean uncoded(CodeableConcept concept) {
        if (concept == null) {
            return true;
        }
        for (Coding c : concept.getCoding()) {
            if (c.hasCode() && CodeSystems.isKnown(CodeSystems.canonical(c.getSystem()))) {
                return false;
            }
        }
        return true;
    }
}
