package org.retrowalk.cds.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every metric the service publishes (Prometheus format at /q/metrics), named here and nowhere else, so that
 * docs/operations.md and the dashboards built from it have one list to follow. No tag carries patient data:
 * tag values come from the service's own vocabulary (service ids, hooks, outcomes, rule ids, query keys,
 * failure kinds) or, for the circuit breakers, the FHIR server's scheme, host and port.
 */
@Singleton
public class ServiceMetrics {

    public static final String CALLS = "retrowalk.cds.calls";
    public static final String CARDS = "retrowalk.cds.cards";
    public static final String RULES_FIRED = "retrowalk.rules.fired";
    public static final String FHIR_QUERIES = "retrowalk.fhir.queries";
    public static final String FHIR_READS = "retrowalk.fhir.reads";
    public static final String CIRCUIT_BREAKER = "retrowalk.fhir.circuit.breaker.state";
    public static final String FHIR_BYTES_IN_FLIGHT = "retrowalk.fhir.read.bytes.in.flight";
    public static final String FEEDBACK = "retrowalk.feedback.entries";
    public static final String UNCLASSIFIED_CODES = "retrowalk.codes.unclassified";
    /** Code systems are named by the caller's records: at most this many series, the rest counted as "other". */
    static final int MAX_UNCLASSIFIED_SERIES = 100;
    public static final String AUDIT_WRITTEN = "retrowalk.audit.records.written";
    public static final String AUDIT_LOST = "retrowalk.audit.records.lost";
    public static final String AUDIT_WAITING = "retrowalk.audit.records.waiting";

    /** The hooks our services answer; anything else a caller sends is counted as "other". */
    private static final Set<String> HOOKS = Set.of("patient-view", "order-select", "order-sign");

    private static final int MAX_BREAKER_SERVERS = 100;

    private final MeterRegistry registry;
    // Meters by their tag values; every tag comes from a bounded vocabulary, so these stay small.
    private final Map<List<String>, Timer> calls = new ConcurrentHashMap<>();
    private final Map<String, Timer> reads = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Gauge> breakerGauges = new HashMap<>();

    private final Map<List<String>, Counter> unclassifiedSeries = new ConcurrentHashMap<>();

    @Inject
    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * One CDS call, answered or refused, as the audit trail records it: the service, the hook as sent, the HTTP
     * status, the decision's outcome (null when there was none), the time taken, the outcome each card carries,
     * the rules that fired and the coded facts the service could not classify.
     */
    public record Call(String serviceId, String hook, int httpStatus, String outcome, long latencyMicros,
                       List<String> cardOutcomes, List<String> rulesFired, List<Unclassified> unclassifiedCodes) {}

    /** Coded facts of one resource type in one code system the service could not classify. */
    public record Unclassified(String resourceType, String system, int count) {}

    public void called(Call call) {
        String service = call.serviceId();
        String hook = call.hook() != null && HOOKS.contains(call.hook()) ? call.hook() : "other";
        String outcome = call.outcome() == null ? "none" : call.outcome();
        calls.computeIfAbsent(List.of(service, hook, Integer.toString(call.httpStatus()), outcome), key -> Timer.builder(CALLS)
                        .description("CDS Hooks calls: time from request to answer, by service, hook and HTTP status")
                        .tags("service", key.get(0), "hook", key.get(1), "status", key.get(2), "outcome", key.get(3))
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record(call.latencyMicros(), TimeUnit.MICROSECONDS);
        for (String card : call.cardOutcomes()) {
            counter(CARDS, "Cards returned, by service and the outcome they carry", "service", service, "outcome", card).increment();
        }
        for (String rule : call.rulesFired()) {
            counter(RULES_FIRED, "Clinical rules fired, by rule id", "rule", rule).increment();
        }
        unclassified(call.unclassifiedCodes());
    }

    /**
     * Coded facts of one call the service could not classify, by resource type and code system (section 3a):
     * which local code systems a site needs to map. No codes and no patient data.
     */
    private void unclassified(List<Unclassified> codes) {
        for (Unclassified code : codes) {
            List<String> key = List.of(code.resourceType(), code.system());
            Counter counter = unclassifiedSeries.get(key);
            if (counter == null) {
                key = unclassifiedSeries.size() < MAX_UNCLASSIFIED_SERIES ? key : List.of(code.resourceType(), "other");
                List<String> tags = key;
                counter = unclassifiedSeries.computeIfAbsent(key, k -> Counter.builder(UNCLASSIFIED_CODES)
                        .description("Coded facts in a code system the service cannot classify, by resource type and system")
                        .tags("resource", tags.get(0), "system", tags.get(1)).register(registry));
            }
            counter.increment(code.count());
        }
    }

    /** The queries one call ran against a FHIR server: how each ended ("read" or the failure) and how long the whole read took. */
    public void fhirRead(Map<String, String> resultByQuery, long nanos) {
        boolean complete = resultByQuery.values().stream().allMatch("read"::equals);
        resultByQuery.forEach((query, result) -> counter(FHIR_QUERIES,
                "Queries to EHR FHIR servers, by query (prefetch key) and result (read, or why not)", "query", query, "result", result).increment());
        reads.computeIfAbsent(complete ? "complete" : "partial", result -> Timer.builder(FHIR_READS)
                        .description("Reads of a record's missing parts from a FHIR server, all queries in parallel").tag("result", result)
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The FHIR answer bytes held just now across all calls (retrowalk.fhir.max-bytes-in-flight bounds it). */
    public void fhirReadBytesInFlight(LongSupplier bytes) {
        Gauge.builder(FHIR_BYTES_IN_FLIGHT, bytes, LongSupplier::getAsLong).baseUnit("bytes")
                .description("FHIR answer bytes being read and parsed at once, all calls together").register(registry);
    }

    /**
     * A circuit breaker's state, 0 closed, 1 half-open (one trial query), 2 open (the server is not asked).
     * The server comes from the calls, so the number of series is capped: a deployment serves a handful of EHRs,
     * and a caller sending ever new fhirServer URLs must not grow the metrics without bound.
     */
    public void circuitBreaker(String server, Supplier<Number> state) {
        synchronized (breakerGauges) {
            if (breakerGauges.size() >= MAX_BREAKER_SERVERS || breakerGauges.containsKey(server)) {
                return;
            }
            breakerGauges.put(server, Gauge.builder(CIRCUIT_BREAKER, state)
                    .description("FHIR server circuit breaker: 0 closed, 1 half-open, 2 open")
                    .tag("server", server).strongReference(true).register(registry));
        }
    }

    /** Drops the gauges of servers that no longer have a breaker (forgotten, or reset). */
    public void keepCircuitBreakers(Set<String> servers) {
        synchronized (breakerGauges) {
            breakerGauges.entrySet().removeIf(e -> {
                boolean gone = !servers.contains(e.getKey());
                if (gone) {
                    registry.remove(e.getValue());
                }
                return gone;
            });
        }
    }

    /** Feedback entries received, by service, the clinician's outcome and whether it was new or a resend. */
    public void feedback(String service, String outcome, boolean stored) {
        counter(FEEDBACK, "CDS Hooks feedback entries, by service, outcome (accepted, overridden) and result",
                "service", service, "outcome", outcome, "result", stored ? "stored" : "duplicate").increment();
    }

    /** The audit trail's own counts, read when Prometheus scrapes: records written, lost, and waiting for the database. */
    public void auditTrail(LongSupplier written, LongSupplier lost, LongSupplier waiting) {
        FunctionCounter.builder(AUDIT_WRITTEN, written, LongSupplier::getAsLong)
                .description("Audit records written to the database").register(registry);
        FunctionCounter.builder(AUDIT_LOST, lost, LongSupplier::getAsLong)
                .description("Audit records lost: the queue was full, or the database refused them").register(registry);
        Gauge.builder(AUDIT_WAITING, waiting, LongSupplier::getAsLong)
                .description("Audit records waiting for the database").register(registry);
    }

    /** The audit database's size bound: records kept (at the last check; -1 before it) and records pruned early. */
    public void auditBound(LongSupplier records, LongSupplier pruned) {
        Gauge.builder("retrowalk.audit.records", records, LongSupplier::getAsLong)
                .description("Audit records (calls) in the database at the last size check").register(registry);
        FunctionCounter.builder("retrowalk.audit.records.pruned", pruned, LongSupplier::getAsLong)
                .description("Audit records deleted before their retention period because retrowalk.audit.max-records was reached")
                .register(registry);
    }

    /** A counter, registered once: building a meter's id on every call is most of what a metric costs. */
    private Counter counter(String name, String description, String... tags) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(List.of(tags));
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    /** A FHIR base URL's scheme, host and port only: its path can name a tenant, and tags should stay few. */
    public static String server(String base) {
        try {
            URI uri = URI.create(base);
            if (uri.getHost() == null) {
                return "unknown";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }
}
