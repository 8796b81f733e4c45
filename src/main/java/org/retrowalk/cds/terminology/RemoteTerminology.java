package org.retrowalk.cds.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.common.hapi.validation.support.RemoteTerminologyServiceValidationSupport;
import org.hl7.fhir.r4.model.ValueSet;
import org.jboss.logging.Logger;
import org.retrowalk.cds.platform.CircuitBreaker;

/**
 * A hospital's FHIR terminology server, asked whether a code the shipped expansions do not hold is in a
 * value set's definition ({@code ValueSet/$validate-code} with the definition sent inline, through HAPI's
 * remote terminology support). Optional: without {@code retrowalk.terminology.server} the expansions decide.
 *
 * <p>It never makes a call slower than its budget or fail it: answers are cached (members and non-members
 * alike), lookups run on a small pool of their own, a call waits for them at most
 * {@code retrowalk.terminology.timeout} in all, and what is not answered in time is judged by the shipped
 * expansions for this call and cached for the next. A server that keeps failing is left alone for a minute.
 */
public final class RemoteTerminology implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RemoteTerminology.class);
    private static final ThreadLocal<Budget> BUDGET = new ThreadLocal<>();

    private final RemoteTerminologyServiceValidationSupport remote;
    private final ValidationSupportContext context;
    private final Duration timeout;
    private final Duration ttl;
    private final Map<String, Answer> cache;
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor pool;
    private final CircuitBreaker breaker = new CircuitBreaker(5, Duration.ofMinutes(1), System::nanoTime);
    private final Map<String, ValueSet> definitions = new ConcurrentHashMap<>();

    private record Answer(boolean member, long expiresAtNanos) {}

    public RemoteTerminology(FhirContext fhir, String baseUrl, Duration timeout, Duration ttl, int cacheSize, int threads) {
        // A client factory of its own: the shared one carries the EHR FHIR server's timeouts.
        IRestfulClientFactory clients = new ApacheRestfulClientFactory(fhir);
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setConnectTimeout((int) Math.max(100, timeout.toMillis()));
        clients.setSocketTimeout((int) Math.max(1000, timeout.toMillis() * 10));
        this.remote = new RemoteTerminologyServiceValidationSupport(fhir, baseUrl, clients);
        this.context = new ValidationSupportContext(remote);
        this.timeout = timeout;
        this.ttl = ttl;
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
                return size() > cacheSize;
            }
        });
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "terminology-lookup-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** The time one call may spend waiting for this server, across all its lookups. */
    public static final class Budget implements AutoCloseable {
        private final long deadlineNanos;
        private int unanswered;

        private Budget(Duration budget) {
            this.deadlineNanos = System.nanoTime() + budget.toNanos();
        }

        /** Codes that were judged by the shipped expansions because the server did not answer in time. */
        public int unanswered() {
            return unanswered;
        }

        @Override
        public void close() {
            BUDGET.remove();
        }
    }

    /** Opens the budget of one call on this thread; lookups outside a budget never wait. */
    public Budget budget() {
        Budget budget = new Budget(timeout);
        BUDGET.set(budget);
        return budget;
    }

    /**
     * Whether the code is in the value set's definition, as the server says: from the cache, or asked now and
     * waited for within the call's budget. False when unknown in time (the shipped expansion has already said no).
     */
    boolean member(String valueSetId, ValueSet definition, String system, String code) {
        String key = valueSetId + "|" + CodeSystems.canonical(system) + "|" + code;
        Answer cached = cache.get(key);
        if (cached != null && cached.expiresAtNanos - System.nanoTime() > 0) {
            return cached.member;
        }
        CompletableFuture<Boolean> answer = inFlight.get(key);
        if (answer == null) {
            CompletableFuture<Boolean> started = new CompletableFuture<>();
            answer = inFlight.putIfAbsent(key, started);
            if (answer == null) {
                answer = started;
                ask(key, started, valueSetId, definition, system, code);
            }
        }
        Budget budget = BUDGET.get();
        long wait = budget == null ? 0 : budget.deadlineNanos - System.nanoTime();
        try {
            return wait > 0 ? answer.get(wait, TimeUnit.NANOSECONDS) : answer.getNow(false);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            if (budget != null) {
                budget.unanswered++;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks on the pool; the answer completes {@code result}, is cached, and leaves the in-flight map. */
    private void ask(String key, CompletableFuture<Boolean> result, String valueSetId, ValueSet definition, String system, String code) {
        if (!breaker.tryAcquire()) {
            inFlight.remove(key, result);
            result.completeExceptionally(new IllegalStateException("terminology server circuit open"));
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    IValidationSupport.CodeValidationResult answer = remote.validateCodeInValueSet(context,
                            new ConceptValidationOptions(), CodeSystems.canonical(system), code, null, inline(valueSetId, definition));
                    boolean member = answer != null && answer.isOk();
                    cache.put(key, new Answer(member, System.nanoTime() + ttl.toNanos()));
                    breaker.success();
                    result.complete(member);
                } catch (RuntimeException e) {
                    breaker.failure();
                    LOG.debugf("terminology server lookup failed: %s", e.getClass().getSimpleName());
                    result.completeExceptionally(e);
                } finally {
                    inFlight.remove(key, result);
                }
            });
        } catch (RejectedExecutionException full) {
            inFlight.remove(key, result);
            result.completeExceptionally(full);
        }
    }

    /** The definition alone, without our URL (the server does not host it) and without our offline expansion. */
    private ValueSet inline(String valueSetId, ValueSet definition) {
        return definitions.computeIfAbsent(valueSetId, id -> {
            ValueSet copy = definition.copy();
            copy.setUrl(null);
            copy.setExpansion(null);
            copy.setId(id);
            return copy;
        });
    }

    public String baseUrl() {
        return remote.getBaseUrl();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
