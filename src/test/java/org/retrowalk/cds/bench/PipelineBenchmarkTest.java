package org.retrowalk.cds.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks time the real thing: the hand-built pipeline they run answers every patient-view example
 * as examples/expected.json says, stage by stage and whole. Not a timing test.
 */
@QuarkusTest
class PipelineBenchmarkTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyStageComputesWhatTheServiceWould() throws Exception {
        JsonNode expected = JSON.readTree(Path.of("examples", "expected.json").toFile());
        List<String> checked = new ArrayList<>();
        for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) expected::fields) {
            if (entry.getValue().has("hook")) {
                continue; // order hooks are not part of the patient-view pipeline
            }
            PipelineBenchmark benchmark = new PipelineBenchmark();
            benchmark.example = entry.getKey();
            benchmark.setUp();
            List<String> rules = new ArrayList<>();
            entry.getValue().get("rules").forEach(r -> rules.add(r.asText()));
            assertEquals(entry.getValue().get("outcome").asText(), benchmark.evaluateRules().outcome().name(), entry.getKey());
            assertEquals(rules, benchmark.evaluateRules().ruleIds(), entry.getKey());
            assertEquals(benchmark.buildCards().size(), benchmark.rulesAndCards().size(), entry.getKey());
            JsonNode answer = JSON.readTree(benchmark.wholeAnswer());
            if (!rules.isEmpty() && !entry.getValue().get("outcome").asText().equals("NO_CARD")) {
                assertEquals(entry.getValue().get("outcome").asText(),
                        answer.get("cards").get(0).get("extension").get("org.retrowalk.decision").get("outcome").asText(), entry.getKey());
            }
            assertEquals(JSON.readTree(benchmark.encodeAnswer()).get("cards").size(), answer.get("cards").size(), entry.getKey());
            assertEquals(rules, benchmark.pipeline.decide(benchmark.extractFacts()).ruleIds(), "the extraction stage alone: " + entry.getKey());
            assertArrayEquals(benchmark.body, Files.readAllBytes(Path.of("examples", entry.getKey())));
            assertEquals("patient-view", benchmark.parse().hook());
            checked.add(entry.getKey());
        }
        assertEquals(6, checked.size(), "the patient-view examples: " + checked);
    }
}
