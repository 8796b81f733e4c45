package org.retrowalk.cds.terminology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The codes of one FHIR ValueSet, ready to match offline. Listed concepts and the expansion match exactly;
 * an {@code is-a} filter on a system whose hierarchy is in the code (ICD-10, ATC) matches by prefix, so
 * "is-a M17" matches M17.11. Systems are compared by their canonical URL ({@link CodeSystems}): WHO ICD-10
 * and ICD-10-CM alike, SNOMED CT in any edition, with or without dots and in any letter case.
 */
public final class CodeSet {

    private final String id;
    private final String title;
    private final Map<String, Set<String>> exact = new HashMap<>();
    private final Map<String, List<String>> prefixes = new HashMap<>();
    private final List<String> drugNames = new ArrayList<>();
    /** Systems whose is-a roots the offline expansion may not cover: a terminology server is asked for them. */
    private final Set<String> rootSystems = new HashSet<>();
    private org.hl7.fhir.r4.model.ValueSet definition;
    private RemoteTerminology remote;

    CodeSet(String id, String title) {
        this.id = id;
        this.title = title;
    }

    void addCode(String system, String code) {
        String canonical = CodeSystems.canonical(system);
        exact.computeIfAbsent(canonical, s -> new HashSet<>()).add(CodeSystems.normalizeCode(canonical, code));
    }

    /** An RxNorm ingredient: its name and brand names are also looked for in medication text and displays. */
    void addIngredient(String system, String code, String name, List<String> brands) {
        addCode(system, code);
        if (name != null) {
            drugNames.add(name);
        }
        drugNames.addAll(brands);
    }

    void addPrefix(String system, String code) {
        String canonical = CodeSystems.canonical(system);
        prefixes.computeIfAbsent(canonical, s -> new ArrayList<>()).add(CodeSystems.normalizeCode(canonical, code));
    }

    void addRoot(String system) {
        rootSystems.add(CodeSystems.canonical(system));
    }

    void askWhenUnknown(org.hl7.fhir.r4.model.ValueSet definition, RemoteTerminology remote) {
        this.definition = definition;
        this.remote = remote;
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
        String canonical = CodeSystems.canonical(system);
        String normalized = CodeSystems.normalizeCode(canonical, code);
        Set<String> codes = exact.get(canonical);
        if (codes != null && codes.contains(normalized)) {
            return true;
        }
        List<String> under = prefixes.get(canonical);
        for (int i = 0; under != null && i < under.size(); i++) {
            if (normalized.startsWith(under.get(i))) {
                return true;
            }
        }
        return remote != null && rootSystems.contains(canonical) && remote.member(id, definition, canonical, normalized);
    }

    public boolean contains(Coding coding) {
        return coding != null && contains(coding.getSystem(), coding.getCode());
    }

    /** A concept matches when any of its codings does: real records carry several codings per concept. */
    public boolean contains(CodeableConcept concept) {
        return match(concept) != null;
    }

    public Optional<Coding> firstMatch(CodeableConcept concept) {
        return Optional.ofNullable(match(concept));
    }

    // A loop, not a stream (nor hasCoding(), whose emptiness check allocates): this runs for every concept of every
    // resource against each value set, on every call.
    private Coding match(CodeableConcept concept) {
        if (concept == null) {
            return null;
        }
        for (Coding coding : concept.getCoding()) {
            if (contains(coding)) {
                return coding;
            }
        }
        return null;
    }

    /** Every listed or expanded code as system|code, for search queries. Prefix filters cannot be listed. */
    public List<String> listedTokens() {
        List<String> tokens = new ArrayList<>();
        exact.forEach((system, codes) -> codes.forEach(code -> tokens.add(system + "|" + code)));
        tokens.sort(null);
        return tokens;
    }

    /** For STOPPFall classes: the ingredient and brand names, matched as words in medication text. */
    public List<String> drugNames() {
        return List.copyOf(drugNames);
    }

    public boolean isEmpty() {
        return exact.isEmpty() && prefixes.isEmpty();
    }

    @Override
    public String toString() {
        return "ValueSet/" + id;
    }
}
