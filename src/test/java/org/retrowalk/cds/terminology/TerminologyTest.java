package org.retrowalk.cds.terminology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.fhir.FhirContextProducer;

/** The value sets in fhir-profiles/ load, match as the specification says, and fail loudly when broken. */
class TerminologyTest {

    static final String ICD = CodeSystems.ICD10CM;
    static final String SNOMED = "http://snomed.info/sct";

    final Terminology terminology = new Terminology(FhirContextProducer.shared(), Terminology.Source.directory(Path.of("fhir-profiles")),
            List.of("not-knee-oa"), List.of("safety-modification"));

    @Test
    void icdCodesMatchByPrefixWithOrWithoutTheDot() {
        CodeSet kneeOa = terminology.get(ClinicalValueSet.KNEE_OA);
        assertTrue(kneeOa.contains(ICD, "M17.11"));
        assertTrue(kneeOa.contains(ICD, "m1711"));
        assertTrue(kneeOa.contains(ICD, "M17.9"));
        assertFalse(kneeOa.contains(ICD, "M16.11"));
        assertFalse(kneeOa.contains("http://example.org/other", "M17.11"), "the system must match too");
    }

    @Test
    void snomedCodesMatchOnlyWhenExpanded() {
        CodeSet kneeOa = terminology.get(ClinicalValueSet.KNEE_OA);
        assertTrue(kneeOa.contains(SNOMED, "239873007"));
        assertFalse(kneeOa.contains(SNOMED, "239872002"), "hip OA");
    }

    @Test
    void fallRangeW00ToW19() {
        CodeSet fall = terminology.get(ClinicalValueSet.FALL);
        assertTrue(fall.contains(ICD, "W00.0XXA"));
        assertTrue(fall.contains(ICD, "W19.XXXA"));
        assertFalse(fall.contains(ICD, "W20.8XXA"));
        assertTrue(fall.contains(ICD, "Z91.81"));
        assertFalse(fall.contains(ICD, "Z91.8"), "Z91.81 is exact, not a prefix");
    }

    @Test
    void injuryRangeS00ToT14() {
        CodeSet injury = terminology.get(ClinicalValueSet.INJURY);
        assertTrue(injury.contains(ICD, "S72.001A"));
        assertTrue(injury.contains(ICD, "T14.90XA"));
        assertFalse(injury.contains(ICD, "T15.0"));
    }

    @Test
    void lookAlikeConditionsAreNotKneeOa() {
        CodeSet kneeOa = terminology.get(ClinicalValueSet.KNEE_OA);
        CodeSet notKneeOa = terminology.byId("not-knee-oa");
        for (String token : notKneeOa.listedTokens()) {
            String[] parts = token.split("\\|");
            assertFalse(kneeOa.contains(parts[0], parts[1]), token);
        }
        assertTrue(notKneeOa.contains(ICD, "M25.561"));
        assertFalse(kneeOa.contains(ICD, "M25.561"));
    }

    @Test
    void safetyModificationsAreExactlyTheCodeSystemsCodes() {
        java.util.Set<String> codes = new java.util.TreeSet<>();
        terminology.codeSystem("safety-modification").getConcept().forEach(c -> codes.add(c.getCode()));
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (org.retrowalk.cds.decision.SafetyModification m : org.retrowalk.cds.decision.SafetyModification.values()) {
            names.add(m.name());
        }
        org.junit.jupiter.api.Assertions.assertEquals(codes, names);
    }

    @Test
    void aValueSetWithAFilterWeCannotEvaluateStopsStartUp(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("ValueSet"));
        for (ClinicalValueSet vs : ClinicalValueSet.values()) {
            Files.copy(Path.of("fhir-profiles/ValueSet/" + vs.id() + ".json"), dir.resolve("ValueSet/" + vs.id() + ".json"));
        }
        Files.writeString(dir.resolve("ValueSet/knee-oa.json"), """
                {"resourceType":"ValueSet","id":"knee-oa","compose":{"include":[{"system":"http://snomed.info/sct",
                 "filter":[{"property":"concept","op":"is-a","value":"239873007"}]}]}}""");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Terminology(FhirContextProducer.shared(), Terminology.Source.directory(dir), List.of(), List.of()));
        assertTrue(e.getMessage().contains("knee-oa"), e.getMessage());
    }

    @Test
    void aMissingValueSetStopsStartUp(@org.junit.jupiter.api.io.TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Terminology(FhirContextProducer.shared(), Terminology.Source.directory(dir), List.of(), List.of()));
        assertTrue(e.getMessage().contains("missing terminology file"), e.getMessage());
    }

    @Test
    void whoIcd10AndIcd10CmAreOneFamily() {
        CodeSet cognitive = terminology.get(ClinicalValueSet.COGNITIVE);
        assertTrue(cognitive.contains("http://hl7.org/fhir/sid/icd-10", "G30.9"));
        assertTrue(cognitive.contains("http://hl7.org/fhir/sid/icd-10", "g309"));
        assertTrue(cognitive.contains("urn:oid:2.16.840.1.113883.6.90", "F03.90"));
        assertFalse(cognitive.contains("http://hl7.org/fhir/sid/icd-10", "G31.0"));
    }

    @Test
    void snomedInAnyEditionOrByOid() {
        CodeSet wheelchair = terminology.get(ClinicalValueSet.MOBILITY_WHEELCHAIR);
        assertTrue(wheelchair.contains("http://snomed.info/sct/731000124108/version/20250301", "705427004"));
        assertTrue(wheelchair.contains("urn:oid:2.16.840.1.113883.6.96", "228869008"));
        assertFalse(wheelchair.contains("http://snomed.info/sctx", "228869008"));
    }

    @Test
    void atcClassesMatchByPrefix() {
        Terminology withDrugs = new Terminology(FhirContextProducer.shared(), Terminology.Source.directory(Path.of("fhir-profiles")),
                List.of("stoppfall-benzodiazepines", "stoppfall-opioids"), List.of());
        assertTrue(withDrugs.byId("stoppfall-benzodiazepines").contains("http://www.whocc.no/atc", "N05BA01"));
        assertTrue(withDrugs.byId("stoppfall-benzodiazepines").contains("http://www.whocc.no/atc", "n05ba12"));
        assertFalse(withDrugs.byId("stoppfall-benzodiazepines").contains("http://www.whocc.no/atc", "N05BB01"));
        assertTrue(withDrugs.byId("stoppfall-opioids").contains("http://www.nlm.nih.gov/research/umls/rxnorm", "835603"), "an SCD");
        assertTrue(withDrugs.byId("stoppfall-opioids").drugNames().contains("meperidine"));
        assertTrue(withDrugs.byId("stoppfall-opioids").drugNames().contains("Percocet"), "brand names, from designations");
        assertFalse(withDrugs.byId("stoppfall-opioids").drugNames().contains("tramadol hydrochloride 50 MG Oral Tablet"),
                "products are matched by code; only ingredients and brands by name");
    }

    @Test
    void aSnomedRootWithoutItsExpansionStopsStartUp(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        copyClinicalValueSets(dir);
        Path fall = dir.resolve("ValueSet/fall.json");
        String json = Files.readString(fall);
        Files.writeString(fall, json.substring(0, json.indexOf(",\n  \"expansion\"")) + "\n}\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Terminology(FhirContextProducer.shared(),
                Terminology.Source.directory(dir), List.of(), List.of()));
        assertTrue(e.getMessage().contains("ValueSet/fall") && e.getMessage().contains("expansion"), e.getMessage());
    }

    @Test
    void aSiteMapsItsLocalCodesByAnInclude(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        copyClinicalValueSets(dir);
        Path wheelchair = dir.resolve("ValueSet/mobility-wheelchair.json");
        Files.writeString(wheelchair, Files.readString(wheelchair).replace("\"include\": [", """
                "include": [ { "system": "http://hospital.example/devices", "concept": [ { "code": "PWC-2", "display": "Powered wheelchair" } ] },"""));
        Terminology site = new Terminology(FhirContextProducer.shared(), Terminology.Source.directory(dir), List.of(), List.of());
        assertTrue(site.get(ClinicalValueSet.MOBILITY_WHEELCHAIR).contains("http://hospital.example/devices", "PWC-2"));
        assertTrue(site.knowsSystem("http://hospital.example/devices"), "a mapped local system is no longer unclassified");
        assertFalse(terminology.knowsSystem("http://hospital.example/devices"));
        assertTrue(terminology.knowsSystem("urn:oid:2.16.840.1.113883.6.96"));
    }

    /** A site adds a language by a word file and a line in words/languages.json: no Java (section 5a). */
    @Test
    void aSiteAddsALanguageWithoutJava(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        copyClinicalValueSets(dir);
        Path index = dir.resolve("words/languages.json");
        Files.writeString(index, Files.readString(index).replace("[\"en\", \"es\"]", "[\"en\", \"es\", \"fr\"]"));
        String french = Files.readString(dir.resolve("words/en.json"))
                .replace("\"language\": \"en\"", "\"language\": \"fr\"")
                .replace("\"fall\",\n        \"falls\",", "\"chute\",\n        \"chutes\",");
        Files.writeString(dir.resolve("words/fr.json"), french);
        Terminology site = new Terminology(FhirContextProducer.shared(), Terminology.Source.directory(dir), List.of(), List.of());
        assertEquals(List.of("en", "es", "fr"), site.text().languages());
        assertTrue(site.text().foundIn(TextConcept.FALL, "Chute dans l'escalier").isPresent(), "a French fall");
        assertFalse(terminology.text().foundIn(TextConcept.FALL, "Chute dans l'escalier").isPresent(), "not without the French file");
    }

    /** The clinical value sets and the word files in a folder of their own, for a test to change one of them. */
    private static void copyClinicalValueSets(Path dir) throws java.io.IOException {
        Files.createDirectories(dir.resolve("ValueSet"));
        for (ClinicalValueSet vs : ClinicalValueSet.values()) {
            Files.copy(Path.of("fhir-profiles", "ValueSet", vs.id() + ".json"), dir.resolve("ValueSet").resolve(vs.id() + ".json"));
        }
        Files.createDirectories(dir.resolve("words"));
        try (var words = Files.list(Path.of("fhir-profiles", "words"))) {
            for (Path file : words.toList()) {
                Files.copy(file, dir.resolve("words").resolve(file.getFileName()));
            }
        }
    }
}
