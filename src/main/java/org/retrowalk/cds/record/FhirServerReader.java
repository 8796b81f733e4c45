package org.retrowalk.cds.record;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.exceptions.NonFhirResponseException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
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
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.config.FhirReadSettings;
import org.retrowalk.cds.platform.CircuitBreaker;
import org.retrowalk.cds.platform.ServiceMetrics;

/**
 * Reads the parts of a record the prefetch lacked from the EHR's FHIR server: every query at once, each
 * bounded by the query timeout, all by one deadline; no retries. A server that keeps failing is cut off by
 * its circuit breaker. The access token travels only in the Authorization header of these requests: it is
 * never logged, stored or put into a message. Neither are the query URLs, which name the patient.
 */
@Singleton
public class FhirServerReader {

    /** What one query gave: resources (a read that found nothing gives none), or why it could not be read. */
    public sealed interface Outcome permits Read, Unread {}

    public record Read(Patient patient, List<Resource> resources) implements Outcome {}

    public record Unread(ReadFailure failure) implements Outcome {}

    private final FhirContext fhir;
    private final FhirReadSettings settings;
    private final CircuitBreakers breakers;
    private final ServiceMetrics metrics;
    private final ExecutorService executor;

    @Inject
    public FhirServerReader(FhirContext fhir, FhirReadSettings settings, CircuitBreakers breakers, ServiceMetrics metrics) {
        this.fhir = fhir;
        this.metrics = metrics;
        this.settings = settings;
        this.breakers = breakers;
        IRestfulClientFactory clients = fhir.getRestfulClientFactory();
        // No /metadata round trip before the first query: it would cost the deadline and tell us nothing we use.
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setConnectTimeout((int) settings.connectTimeout().toMillis());
        clients.setSocketTimeout((int) settings.queryTimeout().toMillis());
        clients.setConnectionRequestTimeout((int) settings.queryTimeout().toMillis());
        clients.setPoolMaxTotal(settings.maxConnections());
        clients.setPoolMaxPerRoute(settings.maxConnections());
        if (clients instanceof ApacheRestfulClientFactory apache) {
            // Redirects are never followed: Apache's client would resend the EHR's token to wherever a server points
            // it. A redirect answers as a failed query (the record is then incomplete, and the answer more cautious).
            PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(5000, TimeUnit.MILLISECONDS);
            pool.setMaxTotal(settings.maxConnections());
            pool.setDefaultMaxPerRoute(settings.maxConnections());
            apache.setHttpClient(HttpClients.custom().setConnectionManager(pool).disableRedirectHandling().disableCookieManagement()
                    .setDefaultRequestConfig(RequestConfig.custom()
                            .setConnectTimeout((int) settings.connectTimeout().toMillis())
                            .setSocketTimeout((int) settings.queryTimeout().toMillis())
                            .setConnectionRequestTimeout((int) settings.queryTimeout().toMillis())
                            .setRedirectsEnabled(false).build())
                    .build());
        }
        int threads = settings.maxConcurrentQueries();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(threads * 8), r -> {
            Thread thread = new Thread(r, "fhir-read-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /**
     * One round trip through the HAPI client to a loopback port where nothing listens: the client factory,
     * its connection pool and the request path initialise now (a second or two, cold), not inside the first
     * call's deadline. No breaker is involved and nothing leaves the machine.
     */
    public void warmUp() {
        String nowhere;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nowhere = "http://127.0.0.1:" + socket.getLocalPort() + "/fhir";
        } catch (java.io.IOException e) {
            return;
        }
        IGenericClient client = fhir.newRestfulGenericClient(nowhere);
        client.registerInterceptor(new BearerTokenAuthInterceptor("warm-up"));
        try {
            client.search().byUrl("Observation?patient=warm-up").returnBundle(Bundle.class).execute();
        } catch (RuntimeException expected) {
            // refused: that was the point
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** What each query came to, and how long they took together. */
    public record Reads(Map<RecordQuery, Outcome> outcomes, long nanos) {}

    /**
     * Runs every search of every query in parallel and waits until they are all done or the deadline
     * (System.nanoTime) passes; a search not done by then is unread (TIMEOUT). A query is read when all its
     * searches are, and unread when any is not. Never throws for a server's failure.
     */
    public Reads read(String base, String accessToken, String patientId, Map<RecordQuery, List<String>> searches, long deadline) {
        long started = System.nanoTime();
        IGenericClient client = fhir.newRestfulGenericClient(CircuitBreakers.normalize(base));
        if (accessToken != null && !accessToken.isBlank()) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        }
        CircuitBreaker breaker = breakers.forBase(base);
        Map<RecordQuery, List<CompletableFuture<Outcome>>> running = new LinkedHashMap<>();
        searches.forEach((query, urls) -> {
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            for (String url : urls) {
                try {
                    futures.add(CompletableFuture.supplyAsync(() -> guarded(breaker, client, base, query, url, patientId, deadline), executor));
                } catch (RejectedExecutionException e) {
                    futures.add(CompletableFuture.completedFuture(new Unread(ReadFailure.OVERLOADED)));
                }
            }
            running.put(query, futures);
        });
        Map<RecordQuery, Outcome> outcomes = new LinkedHashMap<>();
        running.forEach((query, futures) -> outcomes.put(query, combined(futures.stream().map(f -> await(f, deadline)).toList())));
        Map<String, String> results = new LinkedHashMap<>();
        outcomes.forEach((query, outcome) -> results.put(query.key(),
                outcome instanceof Unread unread ? unread.failure().name().toLowerCase(java.util.Locale.ROOT) : "read"));
        long nanos = System.nanoTime() - started;
        metrics.fhirRead(results, nanos);
        return new Reads(outcomes, nanos);
    }

    private static Outcome await(CompletableFuture<Outcome> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Unread(ReadFailure.TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unread(ReadFailure.TIMEOUT);
        } catch (ExecutionException e) {
            return new Unread(ReadFailure.SERVER_ERROR);
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

    private Outcome guarded(CircuitBreaker breaker, IGenericClient client, String base, RecordQuery query, String search,
                            String patientId, long deadline) {
        if (!breaker.tryAcquire()) {
            return new Unread(ReadFailure.CIRCUIT_OPEN);
        }
        try {
            Outcome outcome = readOne(client, base, query, search, patientId, deadline);
            breaker.success();
            return outcome;
        } catch (AuthenticationException | ForbiddenOperationException e) {
            breaker.success(); // the server works; it refuses this token
            return new Unread(ReadFailure.NOT_AUTHORIZED);
        } catch (ResourceNotFoundException e) {
            breaker.success();
            return query.read() ? new Read(null, List.of()) : new Unread(ReadFailure.REFUSED);
        } catch (NonFhirResponseException | DataFormatException | BundleEntries.ForeignResourceException e) {
            breaker.failure();
            return new Unread(ReadFailure.MALFORMED);
        } catch (FhirClientConnectionException e) {
            breaker.failure();
            return new Unread(failureOf(e));
        } catch (BaseServerResponseException e) {
            if (e.getStatusCode() >= 500) {
                breaker.failure();
                return new Unread(ReadFailure.SERVER_ERROR);
            }
            breaker.success();
            return new Unread(ReadFailure.REFUSED);
        } catch (ForeignLink e) {
            return new Unread(ReadFailure.FOREIGN_LINK);
        } catch (TooManyPages e) {
            breaker.success();
            return new Unread(ReadFailure.TOO_MANY_PAGES);
        } catch (PastDeadline e) {
            return new Unread(ReadFailure.TIMEOUT);
        } catch (RuntimeException e) {
            breaker.failure();
            return new Unread(ReadFailure.MALFORMED);
        }
    }

    private static ReadFailure failureOf(FhirClientConnectionException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return ReadFailure.TIMEOUT;
            }
            if (cause instanceof ConnectException) {
                return ReadFailure.UNREACHABLE;
            }
            if (cause instanceof DataFormatException) {
                return ReadFailure.MALFORMED;
            }
        }
        return ReadFailure.UNREACHABLE;
    }

    private Outcome readOne(IGenericClient client, String base, RecordQuery query, String search, String patientId, long deadline) {
        if (query.read()) {
            Patient patient = client.read().resource(Patient.class).withId(patientId).execute();
            String id = patient.getIdElement().getIdPart();
            if (id != null && !id.equals(patientId)) {
                throw new BundleEntries.ForeignResourceException("the server answered with another Patient");
            }
            return new Read(patient, List.of());
        }
        List<Resource> resources = new ArrayList<>();
        Bundle page = client.search().byUrl(searchUrl(search, patientId)).returnBundle(Bundle.class).execute();
        BundleEntries.collect(query, page, patientId, resources);
        int pages = 1;
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            if (pages >= settings.maxPages()) {
                throw new TooManyPages();
            }
            if (System.nanoTime() >= deadline) {
                throw new PastDeadline();
            }
            String next = page.getLink(Bundle.LINK_NEXT).getUrl();
            if (!sameServer(base, next)) {
                // The token must not follow a link to another host.
                throw new ForeignLink();
            }
            page = client.loadPage().byUrl(next).andReturnBundle(Bundle.class).execute();
            BundleEntries.collect(query, page, patientId, resources);
            pages++;
        }
        return new Read(null, resources);
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

    private static final class TooManyPages extends RuntimeException {
        TooManyPages() {
            super(null, null, false, false);
        }
    }

    private static final class ForeignLink extends RuntimeException {
        ForeignLink() {
            super(null, null, false, false);
        }
    }

    private static final class PastDeadline extends RuntimeException {
        PastDeadline() {
            super(null, null, false, false);
        }
    }
}
