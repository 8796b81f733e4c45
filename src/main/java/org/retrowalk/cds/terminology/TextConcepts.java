package org.retrowalk.cds.terminology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The words that name a concept in a record's text, in every language of fhir-profiles/words/ (clinical
 * specification, sections 3a and 5a): a wheelchair, walker, cane, fall, fracture, injury or hip or knee replacement
 * named only in text, or under a code from a system the service does not know. Only ever used to add a concept,
 * never to remove one, so the answer can only grow more cautious; the card says the concept was matched from text.
 * Negated phrases ("no falls", "sin caídas"), risks and fears ("fall risk", "riesgo de caída") do not name it.
 *
 * <p>The words are data: each language is a file of phrases, so a site adds its language without Java. Texts and
 * phrases are compared in lower case without accents ("caída" is "caida").
 */
public final class TextConcepts {

    /**
     * One concept in every language: its phrases per language ('any', 'all'), and what keeps a text from naming it in
     * any language (a record's text may mix languages, so "fracture ruled out" and "se descarta fractura" are both
     * negated, whichever language's phrase found the word).
     */
    private record Reading(Stems stems, List<Phrases> phrases, Pattern notWith, Pattern negatedBefore, Pattern negatedAfter) {

        boolean foundIn(String folded) {
            for (Phrases language : phrases) {
                int[] found = language.find(folded);
                if (found != null) {
                    return !(negatedBefore != null && negatedBefore.matcher(folded.substring(0, found[0])).find())
                            && !(negatedAfter != null && negatedAfter.matcher(folded.substring(found[1])).find())
                            && !(notWith != null && notWith.matcher(folded).find());
                }
            }
            return false;
        }
    }

    /**
     * The first word of every phrase, without its star, indexed by its first letter: a cheap test that spares the
     * patterns and the folding almost every text. Every phrase starts a word, so only word starts are looked at, and an
     * ASCII text is read as it is, without a lower-case copy. (This runs on every SNOMED CT coded condition and
     * procedure for the fracture and joint-replacement concepts, on every call.)
     */
    private static final class Stems {
        private final String[][] byFirst = new String[128][];

        Stems(Set<String> stems) {
            for (String stem : stems) {
                char first = stem.charAt(0);
                if (first >= 128) {
                    throw new IllegalStateException("a phrase must start with a letter or digit without an accent once folded: " + stem);
                }
                String[] before = byFirst[first] == null ? new String[0] : byFirst[first];
                String[] after = java.util.Arrays.copyOf(before, before.length + 1);
                after[before.length] = stem;
                byFirst[first] = after;
            }
        }

        /** Whether a word of the text may start with a stem; a text with any non-ASCII character is left to the patterns. */
        boolean mayBeIn(String text) {
            boolean inWord = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= 128) {
                    return true;
                }
                boolean upper = c >= 'A' && c <= 'Z';
                boolean word = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                if (word && !inWord) {
                    String[] candidates = byFirst[upper ? c + ('a' - 'A') : c];
                    for (int k = 0; candidates != null && k < candidates.length; k++) {
                        if (text.regionMatches(true, i, candidates[k], 0, candidates[k].length())) {
                            return true;
                        }
                    }
                }
                inWord = word;
            }
            return false;
        }
    }

    /** One language's phrases for a concept: any one of 'any', or one of each list of 'all'. */
    private record Phrases(Pattern any, List<Pattern> all) {

        /** Where the concept's word is (start, end), or null. */
        int[] find(String folded) {
            if (any != null) {
                Matcher found = any.matcher(folded);
                if (found.find()) {
                    return new int[] {found.start(), found.end()};
                }
            }
            if (all.isEmpty()) {
                return null;
            }
            Matcher first = all.get(0).matcher(folded);
            if (!first.find()) {
                return null;
            }
            for (Pattern group : all.subList(1, all.size())) {
                if (!group.matcher(folded).find()) {
                    return null;
                }
            }
            return new int[] {first.start(), first.end()};
        }
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> languages;
    private final Map<TextConcept, Reading> readings = new EnumMap<>(TextConcept.class);

    private TextConcepts(List<String> languages) {
        this.languages = List.copyOf(languages);
    }

    /** The word files listed in words/languages.json, every concept required in each. */
    static TextConcepts load(Terminology.Source source) {
        JsonNode index = read(source, "words/languages.json");
        List<String> languages = new ArrayList<>();
        index.path("languages").forEach(l -> languages.add(l.asText()));
        if (languages.isEmpty()) {
            throw new IllegalStateException("fhir-profiles/words/languages.json lists no language");
        }
        List<JsonNode> files = new ArrayList<>();
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (String language : languages) {
            JsonNode file = read(source, "words/" + language + ".json");
            files.add(file);
            file.path("negationsBefore").forEach(n -> before.add(n.asText()));
            file.path("negationsAfter").forEach(n -> after.add(n.asText()));
        }
        TextConcepts concepts = new TextConcepts(languages);
        for (TextConcept concept : TextConcept.values()) {
            Set<String> stems = new LinkedHashSet<>();
            List<Phrases> phrases = new ArrayList<>();
            List<String> notWith = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                JsonNode words = files.get(i).path("concepts").path(concept.key());
                if (words.isMissingNode()) {
                    throw new IllegalStateException("fhir-profiles/words/" + languages.get(i) + ".json has no words for " + concept.key());
                }
                Pattern any = alternatives(texts(words.path("any")));
                List<Pattern> all = new ArrayList<>();
                words.path("all").forEach(group -> all.add(alternatives(texts(group))));
                if (any == null && all.isEmpty()) {
                    throw new IllegalStateException("fhir-profiles/words/" + languages.get(i) + ".json: the words for " + concept.key()
                            + " have neither 'any' nor 'all'");
                }
                phrases.add(new Phrases(any, all));
                stems(words.path("any"), stems);
                if (!all.isEmpty()) {
                    stems(words.path("all").get(0), stems);
                }
                notWith.addAll(texts(words.path("notWith")));
            }
            concepts.readings.put(concept, new Reading(new Stems(stems), phrases, alternatives(notWith),
                    concept.isSite() ? null : alternatives(before), concept.isSite() ? null : alternatives(after)));
        }
        return concepts;
    }

    /** The languages read, in the order of words/languages.json. */
    public List<String> languages() {
        return languages;
    }

    /** The text if, in any language, it names the concept. */
    public Optional<String> foundIn(TextConcept concept, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Reading reading = readings.get(concept);
        return reading.stems().mayBeIn(text) && reading.foundIn(fold(text)) ? Optional.of(text.trim()) : Optional.empty();
    }

    /** The words that name the concept: the concept's text, else a coding's display. */
    public Optional<String> foundIn(TextConcept concept, CodeableConcept code) {
        if (code == null) {
            return Optional.empty();
        }
        Optional<String> inText = foundIn(concept, code.getText());
        if (inText.isPresent()) {
            return inText;
        }
        for (Coding c : code.getCoding()) {
            Optional<String> inDisplay = foundIn(concept, c.getDisplay());
            if (inDisplay.isPresent()) {
                return inDisplay;
            }
        }
        return Optional.empty();
    }

    /** No coding the service can read: no code at all, or only codes from systems it does not know. */
    public static boolean uncoded(CodeableConcept concept) {
        return !anyCodeOf(concept, CodeSystems::isKnown);
    }

    /**
     * No coding whose system decides the concept by its code alone: ICD-10, ICD-10-PCS and CPT are complete offline
     * (a hierarchy in the code, or a listed range), SNOMED CT is not (the shipped expansions hold only known
     * descendants), so a SNOMED CT code outside them may still be named by its words.
     */
    public static boolean notDecidedByCode(CodeableConcept concept) {
        return !anyCodeOf(concept, CodeSystems::decidesByCode);
    }

    private static boolean anyCodeOf(CodeableConcept concept, java.util.function.Predicate<String> canonicalSystem) {
        if (concept == null) {
            return false;
        }
        for (Coding c : concept.getCoding()) {
            if (c.hasCode() && canonicalSystem.test(CodeSystems.canonical(c.getSystem()))) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, without accents: "Caída" is "caida". Texts that are plain ASCII skip the normaliser. */
    static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            if (lower.charAt(i) > 127) {
                return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
            }
        }
        return lower;
    }

    /** "\b(?:phrase|phrase)" with each phrase's words as whole words, a trailing * letting the last word go on. */
    private static Pattern alternatives(List<String> phrases) {
        if (phrases.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        phrases.forEach(p -> parts.add(phrase(p)));
        return Pattern.compile("\\b(?:" + String.join("|", parts) + ")");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static String phrase(String phrase) {
        String folded = fold(phrase.strip());
        boolean open = folded.endsWith("*");
        String body = open ? folded.substring(0, folded.length() - 1) : folded;
        String[] words = body.split("\\s+");
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add(Pattern.quote(word));
        }
        return String.join("\\s+", quoted) + (open ? "\\w*" : "\\b");
    }

    private static void stems(JsonNode phrases, Set<String> stems) {
        phrases.forEach(p -> {
            String first = fold(p.asText().strip()).split("\\s+")[0];
            stems.add(first.endsWith("*") ? first.substring(0, first.length() - 1) : first);
        });
    }

    private static JsonNode read(Terminology.Source source, String path) {
        try {
            InputStream in = source.open(path).orElseThrow(() -> new IllegalStateException("missing terminology file fhir-profiles/" + path));
            try (in) {
                return JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fhir-profiles/" + path, e);
        }
    }
}
