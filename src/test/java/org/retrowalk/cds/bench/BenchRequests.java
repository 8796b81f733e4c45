package org.retrowalk.cds.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.retrowalk.cds.api.Requests;
import org.retrowalk.cds.decision.ClinicalCases;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.record.RecordQueries;
import org.retrowalk.cds.record.RecordQuery;

/**
 * Writes the load benchmark's requests, each scenario a folder of bodies and a list of their paths that
 * bench/rotate.lua sends in turn:
 * <ul>
 * <li>patient-view: full prefetch, filtered by our templates as an EHR would fill them, for the Synthea
 * patients, the example patients and every clinical test case;</li>
 * <li>no-prefetch: the same Synthea and example patients with no prefetch and the FHIR server's address,
 * so that the service reads each record from the server;</li>
 * <li>order-sign: every case of rules/order-cases/order-checks.json, as order-sign;</li>
 * <li>fhir-queries: the FHIR queries the service makes for a no-prefetch call, to measure the FHIR server
 * alone (GET paths relative to its base).</li>
 * </ul>
 * Run from the project root: BenchRequests OUTPUT_DIR FHIR_SERVER_BASE
 */
public final class BenchRequests {

    static final ObjectMapper JSON = new ObjectMapper();

    private BenchRequests() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String fhirServer = args[1];
        RecordQueries queries = new RecordQueries(Pipeline.terminology());

        List<ObjectNode> patientView = new ArrayList<>();
        List<ObjectNode> noPrefetch = new ArrayList<>();
        List<String> fhirQueries = new ArrayList<>();
        for (TestPatients.TestPatient patient : TestPatients.all()) {
            patientView.add(Requests.patientView(queries, patient.id(), patient.resources()));
            ObjectNode request = Requests.patientView(queries, patient.id(), List.of());
            request.remove("prefetch");
            request.put("fhirServer", fhirServer);
            noPrefetch.add(request);
            for (RecordQuery query : queries.all()) {
                fhirQueries.add("/" + query.template().replace("{{context.patientId}}", patient.id()));
            }
        }
        for (ClinicalCases.Case c : ClinicalCases.all()) {
            patientView.add(Requests.patientView(queries, c.record().patientId(), c.resources()));
        }
        List<ObjectNode> orderSign = new ArrayList<>();
        JsonNode table = JSON.readTree(Path.of("rules", "order-cases", "order-checks.json").toFile());
        for (JsonNode c : table.get("cases")) {
            ObjectNode request = Requests.orderCase(queries, table, c);
            request.put("hook", "order-sign");
            request.put("hookInstance", UUID.randomUUID().toString());
            orderSign.add(request);
        }

        write(out, "patient-view", patientView);
        write(out, "no-prefetch", noPrefetch);
        write(out, "order-sign", orderSign);
        Files.write(out.resolve("fhir-queries.txt"), fhirQueries);
        System.out.printf("%d patient-view, %d no-prefetch, %d order-sign requests, %d FHIR queries in %s%n",
                patientView.size(), noPrefetch.size(), orderSign.size(), fhirQueries.size(), out);
    }

    private static void write(Path out, String scenario, List<ObjectNode> requests) throws IOException {
        Path folder = Files.createDirectories(out.resolve(scenario));
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Path file = folder.resolve(String.format("%03d.json", i));
            Files.write(file, JSON.writeValueAsBytes(requests.get(i)));
            paths.add(file.toAbsolutePath().toString());
        }
        Files.write(out.resolve(scenario + ".txt"), paths);
    }
}
