package org.retrowalk.cds.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.record.PatientRecord;

/** Reads the clinical case table in rules/cases/ (format: rules/cases/README.md). */
public final class ClinicalCases {

    public static final Path DIRECTORY = Path.of("rules", "cases");

    /** The knee OA diagnosis every case has unless it says "defaultKneeOA": false. */
    static final String DEFAULT_KNEE_OA = """
            {"resourceType":"Condition","id":"default-knee-oa",
             "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
             "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},
             "code":{"coding":[{"system":"http://snomed.info/sct","code":"239873007","display":"Osteoarthritis of knee"}]},
             "onsetDateTime":"2020-01-01"}""";

    public record Case(String file, String id, String description, LocalDate evaluationDate, PatientRecord record,
                       String outcome, List<String> rules, List<String> modifications, List<String> mustNotFire,
                       List<Resource> resources) {
        @Override
        public String toString() {
            return file + ": " + id;
        }
    }

    private ClinicalCases() {
    }

    public static List<Case> all() {
        ObjectMapper json = new ObjectMapper();
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = json.readTree(file.toFile());
                LocalDate date = LocalDate.parse(root.get("evaluationDate").asText());
                for (JsonNode c : root.get("cases")) {
                    cases.add(read(file.getFileName().toString(), date, c));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static Case read(String file, LocalDate date, JsonNode c) {
        var parser = FhirContextProducer.jsonParser();
        Patient patient = c.get("patient").isNull() ? null : (Patient) parser.parseResource(c.get("patient").toString());
        List<Resource> resources = new ArrayList<>();
        if (!c.has("defaultKneeOA") || c.get("defaultKneeOA").asBoolean()) {
            resources.add((Resource) parser.parseResource(DEFAULT_KNEE_OA));
        }
        c.get("resources").forEach(r -> resources.add((Resource) parser.parseResource(r.toString())));
        JsonNode expect = c.get("expect");
        return new Case(file, c.get("id").asText(), c.get("description").asText(), date,
                new PatientRecord("case-patient", patient, resources),
                expect.get("outcome").asText(), strings(expect.get("rules")),
                expect.has("modifications") ? strings(expect.get("modifications")) : null,
                expect.has("mustNotFire") ? strings(expect.get("mustNotFire")) : List.of(),
                patient == null ? List.copyOf(resources) : concat(patient, resources));
    }

    private static List<Resource> concat(Patient patient, List<Resource> resources) {
        List<Resource> all = new ArrayList<>(resources);
        all.add(0, patient);
        return List.copyOf(all);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
