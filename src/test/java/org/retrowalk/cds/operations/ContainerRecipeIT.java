package org.retrowalk.cds.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.TestPorts;

/**
 * The image's runtime stage, run without a container engine (this machine has none): on the packaged
 * service, with the image's JVM (Java 25, found as {@link #java25()} says), the Dockerfile's own steps: the
 * training load compiled as the build stage compiles it, the ahead-of-time cache trained by its script, the
 * ENTRYPOINT command with the image's environment, and the HEALTHCHECK command, which must pass once the
 * service is ready, on a JVM that used the cache. What is left to Docker is the base image and the user switch.
 */
class ContainerRecipeIT {

    @Test
    void theImagesStepsStartAServiceThatPassesItsHealthCheckUsingItsAheadOfTimeCache() throws Exception {
        Path java25 = java25();
        Map<String, String> environment = DeploymentFiles.runtimeEnvironment();
        Path deployments = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "deployments-");
        copy(Path.of("target", "quarkus-app"), deployments);
        Files.deleteIfExists(deployments.resolve("app.aot"));
        Path training = Files.createDirectories(deployments.resolve("training"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "--release", "17", "-d", training.toString(), Path.of("docker", "TrainingLoad.java").toString()), "the training load compiles");

        ProcessBuilder train = new ProcessBuilder("sh", Path.of("docker", "train-aot-cache.sh").toAbsolutePath().toString(),
                deployments.toString(), Path.of("examples").toAbsolutePath().toString(), training.toString(), "10").redirectErrorStream(true);
        train.environment().put("JAVA", java25.resolve("bin/java").toString());
        train.environment().put("JAVA_OPTS", environment.get("JAVA_OPTS"));
        Process trained = train.start();
        String trainingOutput = new String(trained.getInputStream().readAllBytes());
        assertTrue(trained.waitFor(300, TimeUnit.SECONDS), "training finished");
        assertEquals(0, trained.exitValue(), trainingOutput);
        assertTrue(trainingOutput.matches("(?s).*TrainingLoad: [1-9][0-9]* calls answered, 0 not.*"), trainingOutput);
        assertTrue(Files.size(deployments.resolve("app.aot")) > 50_000_000, "a cache of the loaded classes and their profiles");

        List<String> entrypoint = DeploymentFiles.execForm("ENTRYPOINT");
        Path data = Files.createDirectories(deployments.resolve("data"));
        int http = TestPorts.free();
        int management = TestPorts.free();
        ProcessBuilder service = new ProcessBuilder(entrypoint).directory(deployments.toFile()).redirectErrorStream(true)
                .redirectOutput(deployments.resolve("service.log").toFile());
        service.environment().putAll(environment);
        // the image's JVM first on the path, as in the image; its cache logging on, to see that it used the cache
        service.environment().put("PATH", java25.resolve("bin") + ":" + System.getenv("PATH"));
        service.environment().put("JAVA_OPTS", environment.get("JAVA_OPTS") + " -Xlog:aot=info");
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
            assertTrue(log.contains("Using AOT-linked classes: true"), "the JVM used the ahead-of-time cache:\n" + log);
            assertFalse(log.contains("[warning][aot") || log.contains("[error][aot"), "without complaint:\n" + log);
            assertTrue(log.contains("Warmed up in"), log);
        } finally {
            running.destroy();
            running.waitFor(20, TimeUnit.SECONDS);
            delete(deployments);
        }
    }

    /**
     * The image's JVM here: RETROWALK_TEST_JDK25 if set, else a JDK 25 under /usr/lib/jvm (Temurin 25 is on this
     * project's machines). Without one the test is skipped, saying so, unless RETROWALK_TEST_JDK25_REQUIRED is
     * set (.ci/run sets it): the image's recipe cannot be tried on another JVM.
     */
    static Path java25() throws IOException {
        String configured = System.getenv("RETROWALK_TEST_JDK25");
        Optional<Path> found;
        if (configured != null && !configured.isBlank()) {
            found = Optional.of(Path.of(configured)).filter(p -> Files.isExecutable(p.resolve("bin/java")));
        } else if (Files.isDirectory(Path.of("/usr/lib/jvm"))) {
            try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
                found = jvms.filter(p -> p.getFileName().toString().matches(".*-25(-.*)?") && Files.isExecutable(p.resolve("bin/java")))
                        .sorted().findFirst();
            }
        } else {
            found = Optional.empty();
        }
        if (found.isEmpty() && "true".equals(System.getenv("RETROWALK_TEST_JDK25_REQUIRED"))) {
            throw new IllegalStateException("a JDK 25, the container image's JVM, is required: none under /usr/lib/jvm; set RETROWALK_TEST_JDK25 to one");
        }
        Assumptions.assumeTrue(found.isPresent(), "skipped: no JDK 25 (the image's JVM) on this machine; set RETROWALK_TEST_JDK25 to one");
        return found.get();
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
