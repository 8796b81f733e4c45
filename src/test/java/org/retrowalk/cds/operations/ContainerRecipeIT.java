package org.retrowalk.cds.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.TestPorts;

/**
 * The image's runtime stage, run without a container engine (this machine has none): on the packaged
 * service, the Dockerfile's own steps: the class-data archive trained by its script, the ENTRYPOINT command
 * with the image's environment, and the HEALTHCHECK command, which must pass once the service is ready.
 * What is left to Docker is the base image and the user switch.
 */
class ContainerRecipeIT {

    @Test
    void theImagesStepsStartAServiceThatPassesItsHealthCheckUsingItsClassArchive() throws Exception {
        Path deployments = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "deployments-");
        copy(Path.of("target", "quarkus-app"), deployments);
        Files.deleteIfExists(deployments.resolve("app-cds.jsa"));

        Process training = new ProcessBuilder("sh", Path.of("docker", "train-class-archive.sh").toAbsolutePath().toString(), deployments.toString())
                .redirectErrorStream(true).start();
        String trainingOutput = new String(training.getInputStream().readAllBytes());
        assertTrue(training.waitFor(180, TimeUnit.SECONDS), "training finished");
        assertEquals(0, training.exitValue(), trainingOutput);
        assertTrue(Files.size(deployments.resolve("app-cds.jsa")) > 10_000_000, "an archive of the loaded classes");

        String dockerfile = DeploymentFiles.read(DeploymentFiles.DOCKERFILE);
        List<String> entrypoint = DeploymentFiles.execForm("ENTRYPOINT");
        Map<String, String> environment = environment(dockerfile);
        Path data = Files.createDirectories(deployments.resolve("data"));
        int http = TestPorts.free();
        int management = TestPorts.free();
        ProcessBuilder service = new ProcessBuilder(entrypoint).directory(deployments.toFile()).redirectErrorStream(true)
                .redirectOutput(deployments.resolve("service.log").toFile());
        service.environment().putAll(environment);
        service.environment().put("RETROWALK_DATA_DIR", data.toString());
        service.environment().put("QUARKUS_HTTP_PORT", Integer.toString(http));
        service.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        service.environment().put("RETROWALK_VALIDATION_WARM_UP", "false");
        Process running = service.start();
        try {
            ProcessBuilder check = new ProcessBuilder(DeploymentFiles.healthCheckCommand()).redirectErrorStream(true);
            check.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int exit = -1;
            while (exit != 0 && System.nanoTime() < deadline && running.isAlive()) {
                Process probe = check.start();
                probe.getInputStream().readAllBytes();
                probe.waitFor(10, TimeUnit.SECONDS);
                exit = probe.exitValue();
                if (exit != 0) {
                    Thread.sleep(200);
                }
            }
            String log = Files.readString(deployments.resolve("service.log"));
            assertEquals(0, exit, "the HEALTHCHECK passes once the service is ready:\n" + log);
            assertFalse(log.contains("Unable to use shared archive"), "the JVM used the class-data archive:\n" + log);
            assertTrue(log.contains("Warmed up in"), log);
        } finally {
            running.destroy();
            running.waitFor(20, TimeUnit.SECONDS);
            delete(deployments);
        }
    }

    /** The ENV instructions of the runtime stage: NAME=value pairs, values optionally quoted. */
    private static Map<String, String> environment(String dockerfile) {
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM ")).replace("\\\n", " ");
        Map<String, String> environment = new LinkedHashMap<>();
        Matcher line = Pattern.compile("^ENV (.*)$", Pattern.MULTILINE).matcher(runtime);
        while (line.find()) {
            Matcher pair = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)").matcher(line.group(1));
            while (pair.find()) {
                environment.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        assertTrue(environment.containsKey("JAVA_OPTS"), "the image sets JAVA_OPTS: " + environment);
        return environment;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
