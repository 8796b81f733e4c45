package org.retrowalk.cds.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.terminology.Terminology;

/**
 * The validator holds only the definitions our profiles reach (ValidationDefinitions): the file holding them
 * is current, and with them every resource of the project validates exactly as with all of FHIR R4 and US Core.
 */
class ValidationDefinitionsTest {

    static final FhirContext FHIR = FhirContextProducer.shared();
    static ValidationSupportChain full;
    static ProfileValidator withAll;

    @BeforeAll
    static void loadAll() {
        full = ValidationDefinitions.full(FHIR);
        withAll = ValidationDefinitionsWriter.withDefinitions(FHIR, full);
    }

    @Test
    void theCommittedDefinitionsAreCurrent() throws IOException {
        Set<String> committed = new TreeSet<>();
        Bundle committedBundle;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ValidationDefinitionsWriter.OUTPUT))) {
            committedBundle = FHIR.newJsonParser().parseResource(Bundle.class, in);
            committedBundle.getEntry().forEach(e -> committed.add(e.getFullUrl()));
        }
        Set<String> computed = new TreeSet<>();
        Bundle computedBundle = ValidationDefinitionsWriter.closure(FHIR, full);
        computedBundle.getEntry().forEach(e -> computed.add(e.getFullUrl()));
        assertEquals(computed, committed, "fhir-profiles/dependencies is out of date: run ValidationDefinitionsWriter (its comment says how)");
        // the content too: a definition written before the prose was left out, or from another package version
        IParser json = FHIR.newJsonParser();
        for (int i = 0; i < computedBundle.getEntry().size(); i++) {
            // compared as encoded (a parsed resource and a copied one differ in what equalsDeep sees), and not
            // printed: a definition is some 100 kB
            assertTrue(json.encodeResourceToString(computedBundle.getEntry().get(i).getResource())
                            .equals(json.encodeResourceToString(committedBundle.getEntry().get(i).getResource())),
                    computedBundle.getEntry().get(i).getFullUrl() + " differs from what ValidationDefinitionsWriter writes: run it");
        }

        Set<String> index;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(ValidationDefinitionsWriter.INDEX_OUTPUT)), StandardCharsets.UTF_8))) {
            index = reader.lines().collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(ValidationDefinitions.urls(full), index, "the index is out of date: run ValidationDefinitionsWriter");
        assertTrue(index.containsAll(committed), "every definition of the closure is one of the full set");
    }

    @Test
    void everyResourceOfTheProjectValidatesAsWithAllDefinitions() throws IOException {
        ProfileValidator withClosure = new ProfileValidator(FHIR, Terminology.Source.classpath());
        List<ValidationDefinitionsWriter.Corpus.Item> items = ValidationDefinitionsWriter.Corpus.all();
        assertTrue(items.size() > 50, "the project's ServiceRequests and Observations: " + items.size());
        for (ValidationDefinitionsWriter.Corpus.Item item : items) {
            assertEquals(messages(withAll, item.resource(), item.profile()), messages(withClosure, item.resource(), item.profile()),
                    item.name() + " against " + item.profile());
        }
        assertFalse(withClosure.loadedAllDefinitions(), "no resource of the project reaches past the closure");
    }

    @Test
    void aPublishedDefinitionOutsideTheClosureIsLoadedWhenFirstNeeded() {
        ProfileValidator withClosure = new ProfileValidator(FHIR, Terminology.Source.classpath());
        String heartRate = "http://hl7.org/fhir/StructureDefinition/heartrate";
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", null)));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
        observation.setSubject(new Reference("Patient/p1"));

        List<String> found = messages(withClosure, observation, heartRate);
        assertTrue(withClosure.loadedAllDefinitions());
        assertEquals(messages(withAll, observation, heartRate), found);
        assertTrue(found.stream().noneMatch(m -> m.contains("Profile reference")), "the profile was found: " + found);
    }

    @Test
    void anUnpublishedProfileIsNotLookedForInTheFullDefinitions() {
        ProfileValidator withClosure = new ProfileValidator(FHIR, Terminology.Source.classpath());
        String elsewhere = "http://example.org/fhir/StructureDefinition/their-servicerequest";
        List<String> found = messages(withClosure, PrescriptionProfileTest.good(), elsewhere);
        assertFalse(withClosure.loadedAllDefinitions());
        assertTrue(found.stream().anyMatch(m -> m.startsWith("ERROR") && m.contains(elsewhere)), "an unknown profile is an error: " + found);
    }

    private static List<String> messages(ProfileValidator validator, IBaseResource resource, String profile) {
        return validator.validate(resource, profile).getMessages().stream()
                // HAPI quotes some Java objects by identity (ConceptSetFilterComponent@3361d286)
                .map(m -> m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage().replaceAll("@[0-9a-f]+", "@"))
                .sorted().toList();
    }

}
