package org.retrowalk.cds.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Active risk-modifying conditions (section 2, "modifiers"), each with the diagnoses that established it. */
public final class Comorbidities {

    private static final Pattern BARE_CODE = Pattern.compile("[A-Z]?[0-9][0-9A-Z.\\-]*|[A-Z][0-9]{2}[0-9A-Z.]*");

    public enum Kind {
        NEURO("a neurological disorder"),
        OSTEOPOROSIS("osteoporosis"),
        FRAGILITY_FRACTURE("a fragility fracture"),
        VISION("visual impairment"),
        VESTIBULAR("vertigo or dizziness"),
        NEUROPATHY("peripheral neuropathy"),
        COGNITIVE("cognitive impairment");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    private final Map<Kind, List<String>> diagnoses;

    public Comorbidities(Map<Kind, List<String>> diagnoses) {
        this.diagnoses = diagnoses;
    }

    public boolean has(Kind kind) {
        return !diagnoses.getOrDefault(kind, List.of()).isEmpty();
    }

    public List<String> diagnoses(Kind kind) {
        return diagnoses.getOrDefault(kind, List.of());
    }

    public boolean isNeuro() {
        return has(Kind.NEURO);
    }

    public boolean isOsteoporosis() {
        return has(Kind.OSTEOPOROSIS);
    }

    /** A fragility fracture at any time: an osteoporotic fracture (M80), or a fragility-site fracture with osteoporosis. */
    public boolean isFragilityFracture() {
        return has(Kind.FRAGILITY_FRACTURE);
    }

    public boolean isSensoryOrCognitive() {
        return has(Kind.VISION) || has(Kind.VESTIBULAR) || has(Kind.NEUROPATHY) || has(Kind.COGNITIVE);
    }

    public String describe(Kind... kinds) {
        List<String> parts = new ArrayList<>();
        for (Kind kind : kinds) {
            if (has(kind)) {
                // "osteoporosis (Osteoporosis)" says one thing twice: a diagnosis that is the kind's own word is left out.
                // A bare code (a condition sent with neither text nor display: just its ICD-10 code) adds nothing to the kind's words.
                List<String> named = diagnoses(kind).stream().filter(d -> !d.equalsIgnoreCase(kind.words()))
                        .filter(d -> !BARE_CODE.matcher(d).matches()).toList();
                parts.add(named.isEmpty() ? kind.words() : kind.words() + " (" + String.join(", ", named) + ")");
            }
        }
        return String.join(", ", parts);
    }

    public String describeNeuro() {
        return describe(Kind.NEURO);
    }

    public String describeOsteoporosis() {
        return describe(Kind.OSTEOPOROSIS);
    }

    /** R46: osteoporosis, and the fragility fractures, as the card names them. */
    public String describeOsteoporosisOrFragilityFracture() {
        return describe(Kind.OSTEOPOROSIS, Kind.FRAGILITY_FRACTURE);
    }

    public String describeSensoryOrCognitive() {
        return describe(Kind.VISION, Kind.VESTIBULAR, Kind.NEUROPATHY, Kind.COGNITIVE);
    }

    public String describeNeuroOrFragilityFracture() {
        return describe(Kind.NEURO, Kind.FRAGILITY_FRACTURE);
    }
}
