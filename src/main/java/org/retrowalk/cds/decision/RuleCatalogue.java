package org.retrowalk.cds.decision;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * rules/rule-catalogue.yaml, rules/words.yaml and rules/evidence.yaml: everything a rule says, beside what the DRL
 * decides. Per rule: its title and summary phrase, the template of its reason (filled with what the rule matched
 * and the parameters), its advice, an evidence note, the suggestions it asks for, and its sources.
 */
public final class RuleCatalogue {

    /**
     * One rule's words. Texts are Qute templates: {@code {p.windows.fallWindowMonths}} is a parameter of
     * rules/parameters.yaml, other names are what the rule bound when it fired.
     *
     * @param title        the rule's name as people read it (default: its name in the DRL)
     * @param summary      the phrase a card's summary line uses, for rules that can decide a card
     * @param reason       why it fired, from what it matched
     * @param advice       what to do, shown when the rule decides the card (or always, with adviceAlways)
     * @param adviceAlways whether the advice applies whatever the card decides
     * @param evidenceNote a line for "Evidence and its limits" when the rule fired
     * @param suggestions  the kinds of suggested orders it asks for (see CardFactory)
     * @param sources      the evidence cited (keys of rules/evidence.yaml)
     */
    public record Entry(String title, String summary, String reason, List<String> advice, Boolean adviceAlways, String evidenceNote,
                        List<String> suggestions, List<String> sources) {
        public List<String> advice() {
            return advice == null ? List.of() : advice;
        }

        public boolean isAdviceAlways() {
            return Boolean.TRUE.equals(adviceAlways);
        }

        public List<String> suggestions() {
            return suggestions == null ? List.of() : suggestions;
        }

        public List<String> sources() {
            return sources == null ? List.of() : sources;
        }
    }

    /** A source: its citation, where to read it, what it supports, and (optional) the label of a card's link to it. */
    public record Evidence(String citation, String url, String supports, String label) {
        /** The words of a link to it: its label, else its citation. */
        public String linkLabel() {
            return label != null ? label : citation;
        }
    }

    private final Map<String, Entry> entries;
    private final Map<String, String> words;
    private final Map<String, Evidence> evidence;

    public RuleCatalogue(Map<String, Entry> entries, Map<String, String> words, Map<String, Evidence> evidence) {
        this.entries = new TreeMap<>(entries);
        this.words = words;
        this.evidence = evidence;
        for (Map.Entry<String, Entry> e : this.entries.entrySet()) {
            if (e.getValue().reason() == null) {
                throw new IllegalStateException("rules/rule-catalogue.yaml: " + e.getKey() + " has no reason");
            }
            for (String source : e.getValue().sources()) {
                if (!evidence.containsKey(source)) {
                    throw new IllegalStateException(e.getKey() + " cites " + source + ", which rules/evidence.yaml does not define");
                }
            }
        }
    }

    public static RuleCatalogue fromClasspath() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        return new RuleCatalogue(read(yaml, "rules/rule-catalogue.yaml", new TypeReference<>() {}),
                read(yaml, "rules/words.yaml", new TypeReference<>() {}),
                read(yaml, "rules/evidence.yaml", new TypeReference<>() {}));
    }

    private static <T> T read(ObjectMapper yaml, String path, TypeReference<T> type) {
        try (InputStream in = RuleCatalogue.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return yaml.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public Entry entry(String ruleId) {
        Entry entry = entries.get(ruleId);
        if (entry == null) {
            throw new IllegalStateException("rules/rule-catalogue.yaml has no entry for " + ruleId);
        }
        return entry;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** Shared phrases (rules/words.yaml), included by name in the rules' templates. */
    public Map<String, String> words() {
        return words;
    }

    public Evidence evidence(String key) {
        return evidence.get(key);
    }
}
