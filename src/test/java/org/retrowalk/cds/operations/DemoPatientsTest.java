package org.retrowalk.cds.operations;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.util.FhirTerser;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.retrowalk.cds.api.Requests;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.record.RecordQueries;

/**
 * The compose stack's demonstration patients (docker/demo-patients/): current with the test patients they
 * come from, loadable into a FHIR server that checks references, and giving the same answers as the full
 * records they were cut from.
 */
@QuarkusTest
class DemoPatientsTest {

    @Inject
    RecordQueries queries;

    @Test
    void theFilesAreWhatTheGeneratorWrites() throws IOException {
        Map<String, String> expected = DemoPatientBundles.bundles();
        Set<String> present = new HashSet<>();
        try (Stream<Path> files = Files.list(DemoPatientBundles.DIRECTORY)) {
            files.forEach(f -> present.add(f.getFileName().toString()));
        }
        assertEquals(expected.keySet(), present, "regenerate with the command in DemoPatientBundles");
        for (Map.Entry<String, String> bundle : expected.entrySet()) {
            assertEquals(bundle.getValue(), Files.readString(DemoPatientBundles.DIRECTORY.resolve(bundle.getKey())),
                    bundle.getKey() + " is out of date: regenerate with the command in DemoPatientBundles");
        }
    }

    @Test
    void eachBundleIsATransactionOfPutsWhoseReferencesAllResolve() throws IOException {
        FhirTerser terser = FhirContextProducer.shared().newTerser();
        for (Path file : files()) {
            Bundle bundle = (Bundle) FhirContextProducer.jsonParser().parseResource(Files.readString(file));
            assertEquals(Bundle.BundleType.TRANSACTION, bundle.getType(), file.toString());
            Set<String> ids = new HashSet<>();
            long patients = 0;
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Resource resource = entry.getResource();
                String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
                assertEquals(Bundle.HTTPVerb.PUT, entry.getRequest().getMethod(), file + " " + url);
                assertEquals(url, entry.getRequest().getUrl(), file.toString());
                assertTrue(ids.add(url), file + ": " + url + " twice");
                patients += resource instanceof Patient ? 1 : 0;
            }
            assertEquals(1, patients, file + ": one Patient");
            List<String> dangling = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                for (Reference reference : terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                    if (reference.getReference() != null && !ids.contains(reference.getReference())) {
                        dangling.add(reference.getReference());
                    }
                }
            }
            assertTrue(dangling.isEmpty(), file + ": references to nothing in the bundle " + dangling);
        }
    }

    static List<TestPatients.TestPatient> patients() {
        return TestPatients.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patients")
    void aDemoPatientGetsTheAnswerItsFullRecordGets(TestPatients.TestPatient patient) throws IOException {
        Bundle bundle = (Bundle) FhirContextProducer.jsonParser()
                .parseResource(Files.readString(DemoPatientBundles.DIRECTORY.resolve(patient.name() + ".json")));
        List<Resource> demo = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
        JsonNode full = decision(Requests.patientView(queries, patient.id(), patient.resources()).toString());
        JsonNode cut = decision(Requests.patientView(queries, patient.id(), demo).toString());
        assertEquals(full, cut);
    }

    /** The decision extension of a patient-view answer's card, null when there is no card. */
    static JsonNode decision(String request) throws IOException {
        String answer = given().contentType(ContentType.JSON).body(request).post("/cds-services/backward-walking-patient-view")
                .then().statusCode(200).extract().asString();
        JsonNode cards = DeploymentFiles.JSON.readTree(answer).get("cards");
        return cards.isEmpty() ? null : cards.get(0).get("extension").get("org.retrowalk.decision");
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(DemoPatientBundles.DIRECTORY)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
