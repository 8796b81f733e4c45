package org.retrowalk.cds.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.retrowalk.cds.TestPorts;

/**
 * An acknowledged feedback survives a crash: the packaged service takes feedback from four clients at once,
 * is killed with SIGKILL in the middle, and is started again on the same database; every entry that got a
 * 200 must be there. Run by failsafe against target/quarkus-app, as a separate process, because a crash of
 * the JVM under test is the point.
 */
public class FeedbackDurabilityIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String FEEDBACK = "/cds-services/backward-walking-patient-view/feedback";

    @Test
    void embeddedDatabase() throws Exception {
        Path dataDir = Files.createDirectories(Path.of("target", "durability-it")).toAbsolutePath();
        Path run = Files.createTempDirectory(dataDir, "h2-");
        survivesSigkill(List.of("-Dretrowalk.data-dir=" + run));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "RETROWALK_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
    void postgresql() throws Exception {
        Path run = Files.createTempDirectory(Files.createDirectories(Path.of("target", "durability-it")).toAbsolutePath(), "pg-");
        survivesSigkill(List.of("-Dretrowalk.data-dir=" + run, "-Dretrowalk.database=postgresql",
                "-Dquarkus.datasource.postgresql.jdbc.url=" + System.getenv("RETROWALK_TEST_POSTGRES_URL"),
                "-Dquarkus.datasource.postgresql.username=" + System.getenv("RETROWALK_TEST_POSTGRES_USER"),
                "-Dquarkus.datasource.postgresql.password=" + System.getenv("RETROWALK_TEST_POSTGRES_PASSWORD")));
    }

    void survivesSigkill(List<String> settings) throws Exception {
        int port = TestPorts.free();
        Process service = start(settings, port);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            awaitReady(service, port);
            for (int i = 0; i < 4; i++) {
                clients.submit(() -> {
                    while (sending.get()) {
                        String card = UUID.randomUUID().toString();
                        try {
                            HttpResponse<String> answer = HTTP.send(post(port, FEEDBACK, "{\"feedback\":[{\"card\":\"" + card
                                    + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"" + Instant.now() + "\"}]}"), HttpResponse.BodyHandlers.ofString());
                            if (answer.statusCode() == 200) {
                                acknowledged.add(card);
                            }
                        } catch (IOException | InterruptedException e) {
                            return null; // the service is gone
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(2000);
            // SIGKILL: no shutdown hook, no flush, no orderly close of the database
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(service.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(service.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, service.exitValue(), "killed by SIGKILL");
        } finally {
            sending.set(false);
            clients.shutdown();
            clients.awaitTermination(10, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
        assertTrue(acknowledged.size() > 20, "enough feedback was acknowledged before the kill to mean something: " + acknowledged.size());

        Process restarted = start(settings, port);
        try {
            awaitReady(restarted, port);
            Set<String> stored = new HashSet<>();
            HttpResponse<String> listing = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/governance/feedback?limit=10000"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, listing.statusCode(), listing.body());
            for (JsonNode entry : JSON.readTree(listing.body()).get("entries")) {
                stored.add(entry.get("card").asText());
            }
            List<String> lost = new ArrayList<>(acknowledged);
            lost.removeAll(stored);
            assertTrue(lost.isEmpty(), lost.size() + " of " + acknowledged.size() + " acknowledged feedback entries were lost");
        } finally {
            restarted.destroy();
            restarted.waitFor(20, TimeUnit.SECONDS);
        }
    }

    public static Process start(List<String> settings, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-Dretrowalk.auth.enabled=false",
                "-Dretrowalk.validation.warm-up=false"));
        command.addAll(settings);
        command.addAll(List.of("-jar", System.getProperty("retrowalk-test.app.jar", "target/quarkus-app/quarkus-run.jar")));
        Path log = Files.createTempFile(Path.of("target"), "durability-it-", ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The packaged service with the container image's heap settings (-Xmx256m from start(), SerialGC, exit on
     * OutOfMemoryError), no warm-up load, a data directory of its own under target/name, and these settings; ready.
     */
    public static Process startLikeTheImage(String name, int port, int managementPort, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Dretrowalk.warm-up.load=0s",
                "-Dquarkus.management.port=" + managementPort,
                "-Dretrowalk.data-dir=" + Files.createTempDirectory(Files.createDirectories(Path.of("target", name)), "run").toAbsolutePath()));
        all.addAll(List.of(settings));
        Process service = start(all, port);
        awaitReady(service, port);
        return service;
    }

    /** Ready with authentication on: discovery answers 401 (not a connection refused) once the service listens. */
    public static void awaitReadyWithAuth(Process service, int port) throws Exception {
        awaitStatus(service, port, 401);
    }

    public static void awaitReady(Process service, int port) throws Exception {
        awaitStatus(service, port, 200);
    }

    private static void awaitStatus(Process service, int port, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new AssertionError("the service exited with " + service.exitValue() + " before it was ready (see target/durability-it-*.log)");
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cds-services")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service was not ready within 60 s");
    }

    static HttpRequest post(int port, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
