package org.retrowalk.cds.terminology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.fhir.FhirContextProducer;

/**
 * Every code Synthea 3.3.0's modules can emit for a condition, device, medication, observation or procedure is
 * classified: in one of our concepts (the shipped expansions match it offline), or listed as not relevant, with
 * a reason, in the reviewed file tools/terminology/synthea-3.3.0-review.tsv. A code a new Synthea module adds,
 * or a code removed from an expansion, fails here instead of silently making answers less cautious.
 * The Synthea jar is copied into target/synthea by the build (maven-dependency-plugin, generate-test-resources).
 */
class SyntheaCodeInventoryTest {

    static final Path REVIEW = Path.of("tools", "terminology", "synthea-3.3.0-review.tsv");
    static final Map<String, String> KINDS = Map.of("ConditionOnset", "condition", "ConditionEnd", "condition",
            "Device", "device", "DeviceEnd", "device", "MedicationOrder", "medication", "MedicationEnd", "medication",
            "Observation", "observation", "MultiObservation", "observation", "Procedure", "procedure");
    static final Map<String, String> SYSTEMS = Map.of("SNOMED-CT", CodeSystems.SNOMED, "RxNorm", CodeSystems.RXNORM,
            "LOINC", CodeSystems.LOINC);

    record Emitted(String kind, String system, String code) {}

    record Reviewed(String display, Set<String> valueSets, String reason) {}

    static Map<Emitted, String> emitted;
    static Map<Emitted, Reviewed> reviewed;
    /** The concept value sets: the clinical ones, the STOPPFall classes and the balance tests. */
    static final List<String> CONCEPTS = conceptIds();
    static final Terminology TERMINOLOGY = new Terminology(FhirContextProducer.shared(),
            Terminology.Source.directory(Path.of("fhir-profiles")), CONCEPTS.stream()
                    .filter(id -> java.util.Arrays.stream(ClinicalValueSet.values()).noneMatch(v -> v.id().equals(id))).toList(), List.of());

    @BeforeAll
    static void read() throws IOException {
        emitted = emittedBySynthea(Path.of(System.getProperty("retrowalk-test.synthea.jar", "target/synthea/synthea-3.3.0.jar")));
        reviewed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REVIEW)) {
            if (line.startsWith("#") || line.startsWith("kind\t") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Set<String> sets = f[4].equals("not-relevant") ? Set.of() : Set.of(f[4].split(","));
            reviewed.put(new Emitted(f[0], f[1], f[2]), new Reviewed(f[3], sets, f[5]));
        }
    }

    @Test
    void theJarHoldsTheModules() {
        assertTrue(emitted.size() > 1000, "only " + emitted.size() + " codes read from the Synthea jar");
        assertTrue(emitted.containsKey(new Emitted("device", CodeSystems.SNOMED, "705427004")), "power-assisted wheelchair");
    }

    @Test
    void everyEmittedCodeIsReviewed() {
        List<String> missing = new ArrayList<>();
        emitted.forEach((code, display) -> {
            if (!reviewed.containsKey(code)) {
                missing.add(code.kind() + " " + code.system() + "|" + code.code() + " " + display);
            }
        });
        assertEquals(List.of(), missing, "Synthea emits codes the review does not classify: add each to " + REVIEW
                + " (a concept's value set, or not-relevant with a reason) and rebuild the expansions");
    }

    @Test
    void theExpansionsAgreeWithTheReview() {
        List<String> disagreements = new ArrayList<>();
        reviewed.forEach((code, review) -> {
            Set<String> matching = new TreeSet<>();
            for (String id : CONCEPTS) {
                if (TERMINOLOGY.byId(id).contains(code.system(), code.code())) {
                    matching.add(id);
                }
            }
            if (code.kind().equals("observation") || code.kind().equals("procedure")) {
                // Observation values and procedures are classified only where they name a concept we read.
                matching.retainAll(Set.of("pain-nrs", "joint-arthroplasty", "falls-count", "morse-fall-scale"));
            }
            if (!matching.equals(new TreeSet<>(review.valueSets()))) {
                disagreements.add(code.system() + "|" + code.code() + " " + review.display() + ": reviewed as " + review.valueSets()
                        + ", matched by " + matching);
            }
        });
        assertEquals(List.of(), disagreements);
    }

    @Test
    void everyNotRelevantCodeSaysWhy() {
        reviewed.forEach((code, review) -> assertTrue(!review.valueSets().isEmpty() || !review.reason().isBlank(),
                code + " is not relevant without a reason"));
    }

    @Test
    void theIssuesExamplesAreConcepts() {
        assertTrue(TERMINOLOGY.get(ClinicalValueSet.MOBILITY_WHEELCHAIR).contains(CodeSystems.SNOMED, "705427004"));
        assertTrue(TERMINOLOGY.get(ClinicalValueSet.INJURY).contains(CodeSystems.SNOMED, "62106007"));
        assertTrue(TERMINOLOGY.get(ClinicalValueSet.INJURY).contains(CodeSystems.SNOMED, "127295002"));
        assertTrue(TERMINOLOGY.get(ClinicalValueSet.COGNITIVE).contains(CodeSystems.SNOMED, "26929004"));
        assertTrue(TERMINOLOGY.get(ClinicalValueSet.NEUROPATHY).contains(CodeSystems.SNOMED, "368581000119106"));
    }

    /** Every value set in fhir-profiles/ValueSet but those that name no clinical concept (answers, sides, our orders). */
    private static List<String> conceptIds() {
        Set<String> notConcepts = Set.of("safety-modification", "backward-walking-order", "answer-yes", "answer-no", "knee-left", "knee-right");
        try (var files = Files.list(Path.of("fhir-profiles", "ValueSet"))) {
            return files.map(f -> f.getFileName().toString().replace(".json", "")).filter(id -> !notConcepts.contains(id)).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every system|code a module state of a relevant kind can emit, with its display. */
    static Map<Emitted, String> emittedBySynthea(Path jar) throws IOException {
        assertTrue(Files.isRegularFile(jar), jar + " is missing: the build copies it there (mvn generate-test-resources)");
        ObjectMapper json = new ObjectMapper();
        Map<Emitted, String> found = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().startsWith("modules/") && entry.getName().endsWith(".json")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        walk(json.readTree(in), null, found);
                    }
                }
            }
        }
        return found;
    }

    private static void walk(JsonNode node, String stateType, Map<Emitted, String> found) {
        if (node.isObject()) {
            String type = node.hasNonNull("type") && node.get("type").isTextual() ? node.get("type").asText() : stateType;
            if (node.has("system") && node.has("code") && node.get("code").isValueNode()) {
                String kind = KINDS.get(type);
                String system = SYSTEMS.get(node.get("system").asText());
                if (kind != null && system != null) {
                    found.putIfAbsent(new Emitted(kind, system, node.get("code").asText()), node.path("display").asText(""));
                }
            }
            node.fields().forEachRemaining(field -> walk(field.getValue(), type, found));
        } else if (node.isArray()) {
            node.forEach(child -> walk(child, stateType, found));
        }
    }
}
