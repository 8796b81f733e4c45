package org.retrowalk.cds.record;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.config.FhirReadSettings;
import org.retrowalk.cds.platform.CircuitBreaker;
import org.retrowalk.cds.platform.ServiceMetrics;

/**
 * Reads the parts of a record the prefetch lacked from the EHR's FHIR server: every query at once, all within one
 * deadline that covers connecting, the answers' bytes and their parsing; every answer bounded in bytes (per page,
 * per call, and across the service) and in resources; no retries. A server that keeps failing for different
 * patients is cut off by its circuit breaker. The access token travels only in the Authorization header of these
 * requests: it is never logged, stored or put into a message. Neither are the query URLs, which name the patient.
 */
@Singleton
public class FhirServerReader {

    /** What one query gave: resources (a read that found nothing gives none), or why it could not be read. */
    public sealed interface Outcome permits Read, Unread {}

    public record Read(Patient patient, List<Resource> resources) implements Outcome {}

    public record Unread(ReadFailure failure) implements Outcome {}

    /** One search's outcome, and whom its failure speaks against. */
    private record Attempt(Outcome outcome, BoundedGet.Blame blame) {
        static Attempt unread(ReadFailure failure, BoundedGet.Blame blame) {
            return new Attempt(new Unread(failure), blame);
        }
    }

    private final FhirReadSettings settings;
    private final CircuitBreakers breakers;
    private final ReadBudget budget;
    private final ServiceMetrics metrics;
    private final ExecutorService executor;
    /** The essential queries' own threads: they never wait behind a crowd's large observation answers. */
    private final ExecutorService essentials;
    private final ScheduledThreadPoolExecutor timer;
    private final CloseableHttpClient http;
    private final BoundedGet get;

    @Inject
    public FhirServerReader(FhirContext fhir, FhirReadSettings settings, CircuitBreakers breakers, ReadBudget budget, ServiceMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.breakers = breakers;
        this.budget = budget;
        // Redirects are never followed: the client would resend the EHR's token to wherever a server points it. A
        // redirect answers as a refused query (the record is then incomplete, and the answer more cautious).
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(5000, TimeUnit.MILLISECONDS);
        pool.setMaxTotal(settings.maxConnections());
        pool.setDefaultMaxPerRoute(settings.maxConnections());
        this.http = HttpClients.custom().setConnectionManager(pool).disableRedirectHandling().disableCookieManagement()
                .disableAutomaticRetries().useSystemProperties()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout((int) settings.connectTimeout().toMillis())
                        .setSocketTimeout((int) settings.queryTimeout().toMillis())
                        .setConnectionRequestTimeout((int) settings.queryTimeout().toMillis())
                        .setRedirectsEnabled(false).build())
                // Every answer, decompressed, is cut off past the page limit: BoundedGet reads no further anyway, and the
                // app's own HAPI client (same pool, below) gets an I/O error instead of a body that could fill the heap.
                .addInterceptorLast((org.apache.http.HttpResponseInterceptor) (response, context) -> {
                    if (response.getEntity() != null) {
                        response.setEntity(new LimitedEntity(response.getEntity(), settings.maxPageBytes().asLongValue() + 1));
                    }
                })
                .build();
        IRestfulClientFactory clients = fhir.getRestfulClientFactory();
        // The app writes through HAPI's generic client: no /metadata round trip first, the same timeouts, the same
        // client without redirects (they would carry the EHR's token wherever a server points it) and with the limit.
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setConnectTimeout((int) settings.connectTimeout().toMillis());
        clients.setSocketTimeout((int) settings.queryTimeout().toMillis());
        clients.setConnectionRequestTimeout((int) settings.queryTimeout().toMillis());
        if (clients instanceof ApacheRestfulClientFactory apache) {
            apache.setHttpClient(http);
        }
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "fhir-read-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.get = new BoundedGet(fhir, http, timer, settings.maxPageBytes().asLongValue());
        this.executor = pool("fhir-read-", settings.maxConcurrentQueries());
        this.essentials = pool("fhir-read-essential-", Math.max(2, settings.maxConcurrentQueries() / 4));
        metrics.fhirReadBytesInFlight(budget::inFlight);
    }

    private static ExecutorService pool(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(threads * 8), r -> {
            Thread thread = new Thread(r, name + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * One GET to a loopback port where nothing listens: the HTTP client, its connection pool and the parser's
     * path initialise now (a second or two, cold), not inside the first call's deadline. No breaker is involved and
     * nothing leaves the machine.
     */
    public void warmUp() {
        String nowhere;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nowhere = "http://127.0.0.1:" + socket.getLocalPort() + "/fhir";
        } catch (java.io.IOException e) {
            return;
        }
        ReadBudget.Call share = budget.open();
        try {
            get.get(nowhere + "/Observation?patient=warm-up", "warm-up", Bundle.class, System.nanoTime() + 2_000_000_000L, share.forQuery(false));
        } catch (BoundedGet.Failed expected) {
            // refused: that was the point
        } finally {
            share.release();
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        essentials.shutdownNow();
        timer.shutdownNow();
        try {
            http.close();
        } catch (java.io.IOException e) {
            // closing at shutdown: nothing to do
        }
    }

    /** What each query came to, and how long they took together. */
    public record Reads(Map<RecordQuery, Outcome> outcomes, long nanos) {}

    /**
     * Runs every search of every query in parallel and waits until they are all done or the deadline
     * (System.nanoTime) passes; a search not done by then is unread (TIMEOUT) and its request aborted. A query is
     * read when all its searches are, and unread when any is not. Never throws for a server's failure.
     */
    public Reads read(String base, String accessToken, String patientId, Map<RecordQuery, List<String>> searches, long deadline) {
        long started = System.nanoTime();
        String root = CircuitBreakers.normalize(base);
        CircuitBreaker breaker = breakers.forBase(base);
        Map<RecordQuery, Outcome> outcomes = new LinkedHashMap<>();
        if (!breaker.tryAcquire()) {
            searches.keySet().forEach(query -> outcomes.put(query, new Unread(ReadFailure.CIRCUIT_OPEN)));
        } else {
            ReadBudget.Call share = budget.open();
            List<Attempt> attempts = new ArrayList<>();
            try {
                Map<RecordQuery, List<CompletableFuture<Attempt>>> running = new LinkedHashMap<>();
                searches.forEach((query, urls) -> {
                    boolean essential = RecordReader.ESSENTIAL.contains(query.key());
                    List<CompletableFuture<Attempt>> futures = new ArrayList<>();
                    for (String url : urls) {
                        share.hold();
                        try {
                            futures.add(CompletableFuture.supplyAsync(() -> {
                                try {
                                    return attempt(root, accessToken, query, url, patientId, deadline, share.forQuery(essential));
                                } finally {
                                    share.release();
                                }
                            }, essential ? essentials : executor));
                        } catch (RejectedExecutionException e) {
                            share.release();
                            futures.add(CompletableFuture.completedFuture(Attempt.unread(ReadFailure.OVERLOADED, BoundedGet.Blame.NONE)));
                        }
                    }
                    running.put(query, futures);
                });
                running.forEach((query, futures) -> {
                    List<Attempt> parts = futures.stream().map(f -> await(f, deadline)).toList();
                    attempts.addAll(parts);
                    outcomes.put(query, combined(parts.stream().map(Attempt::outcome).toList()));
                });
            } finally {
                share.release();
                report(breaker, patientId, attempts);
            }
        }
        Map<String, String> results = new LinkedHashMap<>();
        outcomes.forEach((query, outcome) -> results.put(query.key(),
                outcome instanceof Unread unread ? unread.failure().name().toLowerCase(java.util.Locale.ROOT) : "read"));
        long nanos = System.nanoTime() - started;
        metrics.fhirRead(results, nanos);
        return new Reads(outcomes, nanos);
    }

    /**
     * The call's verdict on the server, once per call: a failure of the server itself (no connection, a reset), a
     * failure for this patient (errors, timeouts, unreadable answers: they open the breaker only across patients),
     * or a success. An answer that was fine but not usable (too large, refused, not authorised) is a success.
     */
    private static void report(CircuitBreaker breaker, String patientId, List<Attempt> attempts) {
        if (attempts.stream().anyMatch(a -> a.blame() == BoundedGet.Blame.SERVER)) {
            breaker.failure();
        } else if (attempts.stream().anyMatch(a -> a.blame() == BoundedGet.Blame.PATIENT)) {
            breaker.failure(patientId);
        } else {
            breaker.success();
        }
    }

    private static Attempt await(CompletableFuture<Attempt> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the GET's own timer aborts its request at the same deadline; this only stops waiting for it
            future.cancel(false);
            return Attempt.unread(ReadFailure.TIMEOUT, BoundedGet.Blame.PATIENT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.unread(ReadFailure.TIMEOUT, BoundedGet.Blame.NONE);
        } catch (ExecutionException e) {
            return Attempt.unread(ReadFailure.SERVER_ERROR, BoundedGet.Blame.PATIENT);
        }
    }

    /** The searches of one query together: the first failure, or every resource once (the concepts' codes may overlap). */
    private static Outcome combined(List<Outcome> parts) {
        Patient patient = null;
        Map<String, Resource> resources = new LinkedHashMap<>();
        for (Outcome part : parts) {
            if (part instanceof Unread) {
                return part;
            }
            Read read = (Read) part;
            patient = read.patient() != null ? read.patient() : patient;
            read.resources().forEach(r -> resources.putIfAbsent(r.fhirType() + "/" + r.getIdElement().getIdPart(), r));
        }
        return new Read(patient, List.copyOf(resources.values()));
    }

    private Attempt attempt(String root, String accessToken, RecordQuery query, String search, String patientId, long deadline,
                            BoundedGet.Budget share) {
        try {
            return new Attempt(query.read() ? readPatient(root, accessToken, patientId, deadline, share)
                    : searchAll(root, accessToken, query, search, patientId, deadline, share), BoundedGet.Blame.NONE);
        } catch (BoundedGet.Failed e) {
            if (query.read() && e.status == 404) {
                return new Attempt(new Read(null, List.of()), BoundedGet.Blame.NONE); // no such patient: the caller decides
            }
            return Attempt.unread(e.failure, e.blame);
        } catch (BundleEntries.ForeignResourceException e) {
            return Attempt.unread(ReadFailure.MALFORMED, BoundedGet.Blame.PATIENT);
        } catch (RuntimeException e) {
            // anything else a hostile answer provokes is an unreadable answer, never an error of the call
            return Attempt.unread(ReadFailure.MALFORMED, BoundedGet.Blame.PATIENT);
        }
    }

    private Outcome readPatient(String root, String accessToken, String patientId, long deadline, BoundedGet.Budget share)
            throws BoundedGet.Failed {
        Patient patient = get.get(root + "/Patient/" + URLEncoder.encode(patientId, StandardCharsets.UTF_8), accessToken,
                Patient.class, deadline, share);
        String id = patient.getIdElement().getIdPart();
        if (id != null && !id.equals(patientId)) {
            throw new BundleEntries.ForeignResourceException("the server answered with another Patient");
        }
        return new Read(patient, List.of());
    }

    private Outcome searchAll(String root, String accessToken, RecordQuery query, String search, String patientId, long deadline,
                              BoundedGet.Budget share) throws BoundedGet.Failed {
        List<Resource> resources = new ArrayList<>();
        Bundle page = get.get(root + "/" + searchUrl(search, patientId), accessToken, Bundle.class, deadline, share);
        collect(query, page, patientId, resources);
        int pages = 1;
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            if (pages >= settings.maxPages()) {
                return new Unread(ReadFailure.TOO_MANY_PAGES);
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Unread(ReadFailure.TIMEOUT);
            }
            String next = page.getLink(Bundle.LINK_NEXT).getUrl();
            if (!sameServer(root, next)) {
                // The token must not follow a link to another host.
                return new Unread(ReadFailure.FOREIGN_LINK);
            }
            page = get.get(next, accessToken, Bundle.class, deadline, share);
            collect(query, page, patientId, resources);
            pages++;
        }
        return new Read(null, resources);
    }

    /** A page's resources, within the query's resource limit (a server may ignore _count). */
    private void collect(RecordQuery query, Bundle page, String patientId, List<Resource> into) throws BoundedGet.Failed {
        if (into.size() + page.getEntry().size() > settings.maxResourcesPerQuery()) {
            throw new BoundedGet.Failed(ReadFailure.TOO_LARGE, BoundedGet.Blame.NONE, 200);
        }
        BundleEntries.collect(query, page, patientId, into);
    }

    /** The search with the patient's id, its parameter values URL-encoded, and our page size. */
    String searchUrl(String search, String patientId) {
        String template = search.replace("{{context.patientId}}", patientId);
        int q = template.indexOf('?');
        StringBuilder url = new StringBuilder(template.substring(0, q + 1));
        String[] params = template.substring(q + 1).split("&");
        for (int i = 0; i < params.length; i++) {
            String[] pair = params[i].split("=", 2);
            url.append(i == 0 ? "" : "&").append(pair[0]).append('=')
                    .append(URLEncoder.encode(pair.length > 1 ? pair[1] : "", StandardCharsets.UTF_8));
        }
        return url.append("&_count=").append(settings.pageSize()).toString();
    }

    static boolean sameServer(String base, String url) {
        String normalized = CircuitBreakers.normalize(base);
        return url.equals(normalized) || url.startsWith(normalized + "/") || url.startsWith(normalized + "?");
    }

}
