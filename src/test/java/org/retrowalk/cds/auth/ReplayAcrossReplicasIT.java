package org.retrowalk.cds.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.retrowalk.cds.TestPorts;
import org.retrowalk.cds.api.ExampleRequests;
import org.retrowalk.cds.audit.FeedbackDurabilityIT;

/**
 * Two replicas of the packaged service on one PostgreSQL, authentication on: a token used at one is refused at the
 * other, because the jti values are shared through the database (a unique insert), not kept in each replica's memory.
 */
class ReplayAcrossReplicasIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String SERVICE = "/cds-services/backward-walking-patient-view";

    @Test
    @EnabledIfEnvironmentVariable(named = "RETROWALK_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
    void aTokenReplayedToAnotherReplicaIsRefused() throws Exception {
        Path runs = Files.createDirectories(Path.of("target", "replay-it")).toAbsolutePath();
        List<Process> replicas = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                int port = TestPorts.free();
                List<String> settings = new ArrayList<>(List.of("-Dretrowalk.data-dir=" + Files.createTempDirectory(runs, "replica-"),
                        "-Dquarkus.management.port=" + TestPorts.free(), "-Dretrowalk.database=postgresql",
                        "-Dquarkus.datasource.postgresql.jdbc.url=" + System.getenv("RETROWALK_TEST_POSTGRES_URL"),
                        "-Dquarkus.datasource.postgresql.username=" + System.getenv("RETROWALK_TEST_POSTGRES_USER"),
                        "-Dquarkus.datasource.postgresql.password=" + System.getenv("RETROWALK_TEST_POSTGRES_PASSWORD")));
                TestKeys.config().forEach((key, value) -> settings.add("-D" + key + "=" + value));
                Process replica = FeedbackDurabilityIT.start(settings, port);
                replicas.add(replica);
                ports.add(port);
                FeedbackDurabilityIT.awaitReadyWithAuth(replica, port);
            }
            String first = token();
            assertEquals(200, call(ports.get(0), first), "a fresh token at replica A");
            assertEquals(401, call(ports.get(1), first), "the same token at replica B: a replay");
            String second = token();
            assertEquals(200, call(ports.get(1), second), "a fresh token at replica B");
            assertEquals(401, call(ports.get(0), second), "and replayed at replica A");
            assertEquals(401, call(ports.get(1), second), "and at B itself");
        } finally {
            for (Process replica : replicas) {
                replica.destroy();
                replica.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    static String token() {
        return TestKeys.sign(TestKeys.claims(TestKeys.EC_ISSUER), TestKeys.key("ec"), AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
    }

    static int call(int port, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SERVICE)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ExampleRequests.recommend())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
