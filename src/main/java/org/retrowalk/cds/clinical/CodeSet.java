package org.retrowalk.cds.clinical;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The codes of one FHIR ValueSet, ready to match. Listed concepts match exactly; an {@code is-a} filter
 * matches the code and every code below it, which for ICD-10-CM is the code prefix (M17 matches M17.11).
 * ICD-10-CM codes are compared without dots and case, because EHRs send both "M17.11" and "M1711".
 */
public final class CodeSet {

    public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

    private final String id;
    private final String title;
    private final Map<String, Set<String>> exact = new HashMap<>();
    private final Map<String, List<String>> prefixes = new HashMap<>();
    private final Map<String, String> displays = new HashMap<>();

    CodeSet(String id, String title) {
        this.id = id;
        this.title = title;
    }

    void addCode(String system, String code, String display) {
        String normalized = normalize(system, code);
        exact.computeIfAbsent(system, s -> new HashSet<>()).add(normalized);
        if (display != null) {
            displays.put(system + "|" + normalized, display);
        }
    }

    void addPrefix(String system, String code) {
        prefixes.computeIfAbsent(system, s -> new java.util.ArrayList<>()).add(normalize(system, code));
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public boolean contains(String system, String code) {
        if (system == null || code == null || code.isBlank()) {
            return false;
        }
        String normalized = normalize(system, code);
        Set<String> codes = exact.get(system);
        if (codes != null && codes.contains(normalized)) {
            return true;
        }
        for (String prefix : prefixes.getOrDefault(system, List.of())) {
            if (normalized.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    public boolean contains(Coding coding) {
        return coding != null && contains(coding.getSystem(), coding.getCode());
    }

    /** A concept matches when any of its codings does: real records carry several codings per concept. */
    public boolean contains(CodeableConcept concept) {
        return firstMatch(concept).isPresent();
    }

    public Optional<Coding> firstMatch(CodeableConcept concept) {
        if (concept == null) {
            return Optional.empty();
        }
        return concept.getCoding().stream().filter(this::contains).findFirst();
    }

    /** Every listed concept as system and code, for search queries. Prefix filters cannot be listed. */
    public List<String> listedTokens() {
        List<String> tokens = new java.util.ArrayList<>();
        exact.forEach((system, codes) -> codes.stream().sorted().forEach(code -> tokens.add(system + "|" + code)));
        tokens.sort(null);
        return tokens;
    }

    /** Listed concepts' displays (for RxNorm ingredient sets these are the ingredient names). */
    public Map<String, String> displays() {
        return displays;
    }

    public boolean isEmpty() {
        return exact.isEmpty() && prefixes.isEmpty();
    }

    private static String normalize(String system, String code) {
        String trimmed = code.trim();
        if (ICD10CM.equals(system)) {
            return trimmed.replace(".", "").toUpperCase(Locale.ROOT);
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return "ValueSet/" + id;
    }
}
