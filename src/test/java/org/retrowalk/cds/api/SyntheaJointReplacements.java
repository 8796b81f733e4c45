package org.retrowalk.cds.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/**
 * Writes Synthea 3.3.0's own osteoarthritis module with one probability raised, for the build's second population
 * (pom.xml, synthea-joints): of people with knee or hip OA, Synthea sends about 1.2% and 1.9% to a joint replacement, so
 * a population of a few hundred holds none. Here 60% are. The module is read from the Synthea jar at build time (nothing
 * of Synthea's is committed), and only the two distributions named below change; the generator does the rest.
 *
 * <p>Arguments: the Synthea jar, the directory to write osteoarthritis.json into (Synthea's -d: local modules).
 */
public final class SyntheaJointReplacements {

    static final double REPLACEMENT = 0.6;

    private SyntheaJointReplacements() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path out = Path.of(args[1]);
        ObjectMapper json = new ObjectMapper();
        JsonNode module;
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry("modules/osteoarthritis.json"))) {
            module = json.readTree(in);
        }
        int changed = 0;
        for (JsonNode branch : module.path("states").path("OA_Pain_Medication").path("complex_transition")) {
            boolean replaces = false;
            for (JsonNode d : branch.path("distributions")) {
                replaces |= d.path("transition").asText().startsWith("Setup_") && d.path("transition").asText().endsWith("_Replacement");
            }
            if (replaces) {
                for (JsonNode d : branch.path("distributions")) {
                    boolean replacement = d.path("transition").asText().endsWith("_Replacement");
                    ((ObjectNode) d).put("distribution", replacement ? REPLACEMENT : 1 - REPLACEMENT);
                    changed += replacement ? 1 : 0;
                }
            }
        }
        if (changed != 2) {
            throw new IllegalStateException("expected the knee and hip replacement distributions of Synthea's osteoarthritis module, found " + changed);
        }
        Files.createDirectories(out);
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("osteoarthritis.json").toFile(), module);
    }
}
