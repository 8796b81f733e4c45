import java.io.BufferedReader;
import java.io.InputStreamReader;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The training run's load for the JVM's ahead-of-time cache (docker/train-aot-cache.sh): the example requests
 * (every *.json under the directory but expected.json, and every request line of its *.ndjson.gz files: the
 * case tables' requests in examples/cases/), sent to a running service over HTTP for a number of seconds from
 * a few threads, so that the cache holds the profiles of the HTTP API, the audit and the metrics as well as
 * those of the service's own in-process warm-up. Plain JDK, no dependencies: it runs on the image's JRE,
 * compiled in the build stage.
 *
 * usage: java TrainingLoad base-url examples-directory seconds [readiness-url]
 * With a readiness URL it first waits (up to five minutes) for it to answer 200, so that the calls come after
 * the service's own warm-up, as a real replica's do. HTTP/1.1, as EHRs and load balancers call the service.
 * Exits 1 if no call was answered 200, so that a broken training run cannot write a cache quietly.
 */
public final class TrainingLoad {

    private static final Pattern HOOK = Pattern.compile("\"hook\"\\s*:\\s*\"([a-z-]+)\"");

    private record Call(URI uri, byte[] body) {}

    private static void awaitReady(HttpClient client, URI readiness) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        System.err.println("TrainingLoad: " + readiness + " did not answer 200 within five minutes");
        System.exit(1);
    }

    private static void add(List<Call> calls, String base, String request) {
        Matcher hook = HOOK.matcher(request);
        if (hook.find()) {
            calls.add(new Call(URI.create(base + "/cds-services/backward-walking-" + hook.group(1)), request.getBytes(StandardCharsets.UTF_8)));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: java TrainingLoad base-url examples-directory seconds [readiness-url]");
            System.exit(2);
        }
        List<Call> calls = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(args[1]))) {
            for (Path file : files.sorted().toList()) {
                if (file.toString().endsWith(".json") && !file.endsWith("expected.json")) {
                    add(calls, args[0], Files.readString(file));
                } else if (file.toString().endsWith(".ndjson.gz")) {
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                        lines.lines().filter(line -> !line.isBlank()).forEach(line -> add(calls, args[0], line));
                    }
                }
            }
        }
        if (calls.isEmpty()) {
            System.err.println("TrainingLoad: no CDS Hooks requests in " + args[1]);
            System.exit(1);
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        if (args.length == 4) {
            awaitReady(client, URI.create(args[3]));
        }
        long until = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < until) {
                    Call call = calls.get(ThreadLocalRandom.current().nextInt(calls.size()));
                    HttpRequest request = HttpRequest.newBuilder(call.uri()).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(call.body())).build();
                    try {
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 200 ? answered : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf("TrainingLoad: %d calls answered, %d not%n", answered.get(), failed.get());
        System.exit(answered.get() > 0 ? 0 : 1);
    }
}
