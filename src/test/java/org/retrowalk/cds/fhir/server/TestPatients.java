package org.retrowalk.cds.fhir.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirContextProducer;

/** The test patients: the five Synthea records in ../shared and the hand-written example patients. */
public final class TestPatients {

    public static final Path SYNTHEA = Path.of("..", "shared", "fhir", "synthea");
    public static final Path EXAMPLES = Path.of("examples");

    /** A patient: a short name, its id, and every resource of its record. */
    public record TestPatient(String name, String id, List<Resource> resources) {
        @Override
        public String toString() {
            return name;
        }
    }

    private TestPatients() {
    }

    public static List<TestPatient> all() {
        List<TestPatient> patients = new ArrayList<>(synthea());
        patients.addAll(examples());
        return patients;
    }

    public static List<TestPatient> synthea() {
        List<TestPatient> patients = new ArrayList<>();
        for (Path file : files(SYNTHEA)) {
            List<Resource> resources = synthea(file);
            String id = resources.stream().filter(r -> r instanceof Patient).findFirst().orElseThrow().getIdElement().getIdPart();
            patients.add(new TestPatient(file.getFileName().toString().split("_")[0], id, resources));
        }
        return patients;
    }

    /** Every resource of a Synthea transaction bundle, with the ids a server would give them. */
    public static List<Resource> synthea(Path file) {
        try {
            Bundle bundle = (Bundle) FhirContextProducer.jsonParser().parseResource(Files.readString(file));
            // In a transaction bundle HAPI takes the fullUrl (urn:uuid:...) as the id; a server would use the uuid.
            return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .peek(r -> r.setId(r.getIdElement().getValue().replace("urn:uuid:", ""))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hand-written example patients: every resource in every example's prefetch (not the Synthea one). */
    public static List<TestPatient> examples() {
        ObjectMapper json = new ObjectMapper();
        List<TestPatient> patients = new ArrayList<>();
        for (Path file : files(EXAMPLES)) {
            String name = file.getFileName().toString();
            if (name.equals("expected.json") || name.startsWith("synthea-")) {
                continue;
            }
            try {
                JsonNode request = json.readTree(file.toFile());
                List<Resource> resources = new ArrayList<>();
                for (JsonNode value : request.get("prefetch")) {
                    if (value.isNull()) {
                        continue;
                    }
                    Resource r = (Resource) FhirContextProducer.jsonParser().parseResource(value.toString());
                    if (r instanceof Bundle b) {
                        b.getEntry().forEach(e -> resources.add(e.getResource()));
                    } else {
                        resources.add(r);
                    }
                }
                patients.add(new TestPatient(name.replace(".json", ""), request.get("context").get("patientId").asText(), resources));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return patients;
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
