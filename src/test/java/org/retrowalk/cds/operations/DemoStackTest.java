package org.retrowalk.cds.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.retrowalk.cds.api.Requests;
import org.retrowalk.cds.fhir.server.FhirTestServer;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.record.RecordQueries;

/**
 * The compose stack's path without the containers (this machine has no engine): the loader script puts the
 * demonstration patients into an empty FHIR server that checks references as HAPI's JPA server does, and the
 * service, reading each record from that server with no prefetch, answers as it does with the full record.
 */
@QuarkusTest
class DemoStackTest {

    static FhirTestServer server;

    @Inject
    RecordQueries queries;

    @BeforeAll
    static void start() {
        server = FhirTestServer.empty();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void theLoaderLoadsEveryPatientAndTheServiceReadsThemFromTheServer() throws Exception {
        Result first = load(DemoPatientBundles.DIRECTORY);
        assertEquals(0, first.exit(), first.output());
        assertTrue(first.output().contains("load-demo-patients: 11 patients in " + server.base()), first.output());
        Result again = load(DemoPatientBundles.DIRECTORY);
        assertEquals(0, again.exit(), "loading twice is harmless: " + again.output());

        for (TestPatients.TestPatient patient : TestPatients.all()) {
            JsonNode full = decision(Requests.patientView(queries, patient.id(), patient.resources()));
            ObjectNode none = Requests.patientView(queries, patient.id(), List.of());
            none.remove("prefetch");
            none.put("fhirServer", server.base());
            none.put("hookInstance", UUID.randomUUID().toString());
            JsonNode fromServer = decision(none);
            assertEquals(full, fromServer, patient.name());
            if (fromServer != null) {
                assertTrue(fromServer.get("dataComplete").asBoolean(), patient.name() + ": the whole record was read");
            }
        }
    }

    @Test
    void theLoaderStopsAtABundleTheServerRefuses(@TempDir Path dir) throws Exception {
        String bundle = Files.readString(DemoPatientBundles.DIRECTORY.resolve("recommend-55-year-old.json"))
                .replaceFirst("\"reference\": \"Patient/([^\"]+)\"", "\"reference\": \"Patient/nobody\"");
        Files.writeString(dir.resolve("broken.json"), bundle);
        Result result = load(dir);
        assertTrue(result.exit() != 0, result.output());
        assertTrue(result.output().contains("broken.json refused with HTTP 400"), result.output());
        assertTrue(result.output().contains("Patient/nobody"), "the server's reason is shown: " + result.output());
    }

    private record Result(int exit, String output) {}

    private static Result load(Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "docker/load-demo-patients.sh", server.base(), directory.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the loader finished: " + output);
        return new Result(process.exitValue(), output);
    }

    private static JsonNode decision(ObjectNode request) throws IOException {
        return DemoPatientsTest.decision(request.toString());
    }
}
