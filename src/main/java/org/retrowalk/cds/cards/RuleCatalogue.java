package org.retrowalk.cds.cards;

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

/** rules/rule-catalogue.yaml and rules/evidence.yaml: what each rule adds to a card, and the evidence cited. */
public final class RuleCatalogue {

    public record Entry(String summary, List<String> advice, List<String> sources) {
        public List<String> advice() {
            return advice == null ? List.of() : advice;
        }

        public List<String> sources() {
            return sources == null ? List.of() : sources;
        }
    }

    public record Evidence(String citation, String url, String supports) {}

    private final Map<String, Entry> entries;
    private final Map<String, Evidence> evidence;

    public RuleCatalogue(Map<String, Entry> entries, Map<String, Evidence> evidence) {
        this.entries = new TreeMap<>(entries);
        this.evidence = evidence;
        for (Map.Entry<String, Entry> e : this.entries.entrySet()) {
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

    public Evidence evidence(String key) {
        return evidence.get(key);
    }
}
