package org.retrowalk.cds.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.retrowalk.cds.api.Requests;
import org.retrowalk.cds.bench.Pipeline;
import org.retrowalk.cds.decision.ClinicalCases;
import org.retrowalk.cds.record.RecordQueries;

/**
 * Writes examples/cases/case-requests.ndjson.gz: every record of the clinical case table as a patient-view
 * request (full prefetch, filtered by our templates as an EHR fills them) and every order-check case as its
 * order-select or order-sign request, one JSON request per line. The service's warm-up load and the container
 * image's training run send them, so that the JIT sees records of every shape the rules distinguish, not only
 * the examples. WarmUpRequestsTest fails when the file is stale; run this from the project root to rewrite it.
 */
public final class WarmUpRequestsWriter {

    static final Path FILE = Path.of("examples", "cases", "case-requests.ndjson.gz");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WarmUpRequestsWriter() {
    }

    public static void main(String[] args) throws IOException {
        List<String> requests = requests();
        Files.createDirectories(FILE.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(FILE))) {
            out.write((String.join("\n", requests) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        System.out.printf("%d requests in %s (%d bytes)%n", requests.size(), FILE, Files.size(FILE));
    }

    /** The requests, in case-table order, each with a hook instance derived from its case: the file is reproducible. */
    static List<String> requests() throws IOException {
        RecordQueries queries = new RecordQueries(Pipeline.terminology());
        List<String> lines = new ArrayList<>();
        for (ClinicalCases.Case c : ClinicalCases.all()) {
            ObjectNode request = Requests.patientView(queries, c.record().patientId(), c.resources());
            lines.add(withInstance(request, "clinical-case/" + c.file() + "/" + c.id()));
        }
        JsonNode table = JSON.readTree(Path.of("rules", "order-cases", "order-checks.json").toFile());
        for (JsonNode c : table.get("cases")) {
            lines.add(withInstance(Requests.orderCase(queries, table, c), "order-case/" + c.get("id").asText()));
        }
        return lines;
    }

    /** The requests in the file as written. */
    static List<String> read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(FILE)), StandardCharsets.UTF_8))) {
            return in.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withInstance(ObjectNode request, String name) throws IOException {
        request.put("hookInstance", UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        return JSON.writeValueAsString(request);
    }
}
