package org.retrowalk.cds.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The deployment files of docker/, read as the tools that use them would read them. */
final class DeploymentFiles {

    static final Path DOCKER = Path.of("docker");
    static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
    static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    static final Path KUBERNETES = DOCKER.resolve("kubernetes");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private DeploymentFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file (Kubernetes files may hold several, separated by ---). */
    static List<JsonNode> yamlDocuments(Path file) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            List<JsonNode> documents = new ArrayList<>();
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The exec-form command of the Dockerfile's HEALTHCHECK, as docker would run it. */
    static List<String> healthCheckCommand() {
        return execForm("HEALTHCHECK .*?CMD");
    }

    /** The exec form (["a", "b"]) of the Dockerfile instruction that starts with this pattern, as a command. */
    static List<String> execForm(String instruction) {
        String dockerfile = read(DOCKERFILE).replace("\\\n", " ");
        Matcher m = Pattern.compile("^" + instruction + " (\\[.*])\\s*$", Pattern.MULTILINE).matcher(dockerfile);
        if (!m.find()) {
            throw new AssertionError("the Dockerfile has no exec-form " + instruction);
        }
        try {
            List<String> command = new ArrayList<>();
            ((ArrayNode) JSON.readTree(m.group(1))).forEach(n -> command.add(n.asText()));
            return command;
        } catch (IOException e) {
            throw new AssertionError(instruction + " is not a JSON array: " + m.group(1), e);
        }
    }

    /** A property's environment-variable form, as MicroProfile Config maps it (retrowalk.fhir.deadline: RETROWALK_FHIR_DEADLINE). */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** The runtime stage's ENV instructions (NAME=value pairs, values optionally quoted), as the image's processes see them. */
    static Map<String, String> runtimeEnvironment() {
        String dockerfile = read(DOCKERFILE);
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM ")).replace("\\\n", " ");
        Map<String, String> environment = new LinkedHashMap<>();
        Matcher line = Pattern.compile("^ENV (.*)$", Pattern.MULTILINE).matcher(runtime);
        while (line.find()) {
            Matcher pair = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)").matcher(line.group(1));
            while (pair.find()) {
                environment.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        if (!environment.containsKey("JAVA_OPTS")) {
            throw new AssertionError("the image sets no JAVA_OPTS: " + environment);
        }
        return environment;
    }
}
