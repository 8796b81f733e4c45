package org.retrowalk.cds.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.TestPorts;
import org.retrowalk.cds.audit.FeedbackDurabilityIT;

/**
 * A crowd of slow clients never stalls the others: the packaged service, with the container image's heap settings,
 * is held by 500 connections (half trickling their headers, half trickling a 100 kB body, a byte at a time) while
 * one normal client keeps calling; it keeps at least half the calls a second it had alone, and the management
 * port's readiness check answers throughout. A refused body is not read on. A separate process, as deployed.
 */
class SlowClientsIT {

    static final int SLOW = 500;
    static final Duration MEASURE = Duration.ofSeconds(5);
    /** Longer than the measurement, so that the trickling bodies are all still open while it runs. */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(8);

    static Process service;
    static int port;
    static int management;
    static String request;

    @BeforeAll
    static void start() throws Exception {
        port = TestPorts.free();
        management = TestPorts.free();
        request = Files.readString(Path.of("examples", "modify-one-fall-impaired-tug.json"));
        service = FeedbackDurabilityIT.startLikeTheImage("slow-clients-it", port, management,
                "-Dretrowalk.http.body-timeout=" + BODY_TIMEOUT.toSeconds() + "s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.destroy();
            service.waitFor();
        }
    }

    @Test
    void fiveHundredSlowConnectionsLeaveANormalClientAtLeastHalfItsThroughput() throws Exception {
        // HTTP/1.1, as EHRs call CDS services (the JDK's client would otherwise upgrade to cleartext HTTP/2)
        HttpClient normal = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        calls(normal, Duration.ofSeconds(6)); // the JIT's first seconds are not what is measured
        double alone = calls(normal, MEASURE);

        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            // Several loopback addresses, as a crowd of clients would come from: 127.0.0.0/8 is all loopback on Linux.
            for (int i = 0; i < SLOW; i++) {
                Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName("127.0.1." + (1 + i % 200)), 0);
                OutputStream out = socket.getOutputStream();
                if (i % 2 == 0) {
                    out.write(("POST " + ServerCalls.SERVICE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ")
                            .getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(("POST " + ServerCalls.SERVICE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100000\r\n\r\n{\"hook\":").getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                slow.add(socket);
            }
            trickle.scheduleAtFixedRate(() -> slow.forEach(socket -> {
                try {
                    socket.getOutputStream().write(' ');
                } catch (IOException closed) {
                    // closed by the service: that is allowed
                }
            }), 1, 1, TimeUnit.SECONDS);

            double underAttack = calls(normal, MEASURE);
            System.out.printf("SlowClientsIT: %.0f calls/s alone, %.0f calls/s with %d slow connections open%n", alone, underAttack, SLOW);
            assertTrue(underAttack >= alone / 2, "calls a second alone " + alone + ", with " + SLOW + " slow connections " + underAttack);
            HttpResponse<String> ready = normal.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
        } finally {
            trickle.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
        }
        assertTrue(service.isAlive());
    }

    /** A body declared over the limit is answered 413 and its connection closed: the service does not read on. */
    @Test
    void aRefusedBodyIsNotReadOn() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + ServerCalls.SERVICE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 244000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            assertEquals(12, in.readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 413", new String(head, StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            long written = 0;
            long started = System.nanoTime();
            try {
                while (written < 244_000_000L && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10)) {
                    out.write(chunk);
                    written += chunk.length;
                }
            } catch (IOException closed) {
                // the service closed the connection: the rest was never read
            }
            System.out.printf("SlowClientsIT: %d bytes of a refused 244 MB body were written before the connection closed%n", written);
            assertTrue(written < 32L * 1024 * 1024, "the service went on reading a refused body: " + written + " bytes written");
        }
    }

    /** A body still trickling in after retrowalk.http.body-timeout is answered 408 and its connection closed. */
    @Test
    void aTricklingBodyIsCutOffAfterTheBodyTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) BODY_TIMEOUT.toMillis() + 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + ServerCalls.SERVICE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write(' ');
                } catch (IOException closed) {
                    // closed by the service
                }
            }, 1, 1, TimeUnit.SECONDS);
            try {
                byte[] head = socket.getInputStream().readNBytes(12);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals("HTTP/1.1 408", new String(head, StandardCharsets.US_ASCII));
                assertTrue(millis >= BODY_TIMEOUT.toMillis() - 500, "cut off after " + millis + " ms");
                socket.getInputStream().readAllBytes(); // returns at the end of the stream: the service closed the connection
            } finally {
                trickle.shutdownNow();
            }
        }
    }

    /** A client that upgrades to cleartext HTTP/2 (as the JDK's does by default) is answered as well. */
    @Test
    void anHttp2ClientIsAnswered() throws Exception {
        HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = h2c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ServerCalls.SERVICE))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }

    /** Normal calls, one after another, for this long: how many a second. */
    static double calls(HttpClient client, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        int count = 0;
        while (System.nanoTime() < end) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ServerCalls.SERVICE))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            count++;
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }
}
