package org.retrowalk.cds.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Active risk-modifying conditions (section 2, "modifiers"), each with the diagnoses that established it. */
public final class Comorbidities {

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

    /** Osteoporosis with a fragility fracture (M80, or a hip fracture in a patient with osteoporosis). */
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
                parts.add(kind.words() + " (" + String.join(", ", diagnoses(kind)) + ")");
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

    public String describeSensoryOrCognitive() {
        return describe(Kind.VISION, Kind.VESTIBULAR, Kind.NEUROPATHY, Kind.COGNITIVE);
    }

    public String describeNeuroOrFragilityFracture() {
        return describe(Kind.NEURO, Kind.FRAGILITY_FRACTURE);
    }
}
