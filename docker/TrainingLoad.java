import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * The training run's load for the JVM's ahead-of-time cache (docker/train-aot-cache.sh): the example requests,
 * sent to a running service over HTTP for a number of seconds from a few threads, so that the cache holds the
 * profiles of the HTTP API, the audit and the metrics as well as those of the service's own in-process
 * warm-up. Plain JDK, no dependencies: it runs on the image's JRE, compiled in the build stage.
 *
 * usage: java TrainingLoad base-url examples-directory seconds
 * Exits 1 if no call was answered 200, so that a broken training run cannot write a cache quietly.
 */
public final class TrainingLoad {

    private static final Pattern HOOK = Pattern.compile("\"hook\"\\s*:\\s*\"([a-z-]+)\"");

    private record Call(URI uri, byte[] body) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java TrainingLoad base-url examples-directory seconds");
            System.exit(2);
        }
        List<Call> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[1]))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("expected.json")).sorted().toList()) {
                byte[] body = Files.readAllBytes(file);
                Matcher hook = HOOK.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                if (hook.find()) {
                    calls.add(new Call(URI.create(args[0] + "/cds-services/backward-walking-" + hook.group(1)), body));
                }
            }
        }
        if (calls.isEmpty()) {
            System.err.println("TrainingLoad: no CDS Hooks requests in " + args[1]);
            System.exit(1);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
