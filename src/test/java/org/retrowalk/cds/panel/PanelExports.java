package org.retrowalk.cds.panel;

import ca.uhn.fhir.parser.IParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirContextProducer;

/** Writes records as a FHIR Bulk Data export writes them: one ndjson file per resource type, one resource a line. */
public final class PanelExports {

    private PanelExports() {
    }

    public static void write(Path directory, List<List<Resource>> records) throws IOException {
        Files.createDirectories(directory);
        IParser parser = FhirContextProducer.jsonParser();
        parser.setPrettyPrint(false);
        Map<String, BufferedWriter> files = new HashMap<>();
        try {
            for (List<Resource> record : records) {
                for (Resource resource : record) {
                    BufferedWriter out = files.computeIfAbsent(resource.fhirType(), type -> {
                        try {
                            return Files.newBufferedWriter(directory.resolve(type + ".ndjson"), StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    out.write(parser.encodeResourceToString(resource));
                    out.write('\n');
                }
            }
        } finally {
            for (BufferedWriter out : files.values()) {
                out.close();
            }
        }
    }
}
