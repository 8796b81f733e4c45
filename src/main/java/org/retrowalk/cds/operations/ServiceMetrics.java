package org.retrowalk.cds.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.retrowalk.cds.audit.CallRecord;
import org.retrowalk.cds.audit.FeedbackEntry;

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
    public static final String FEEDBACK = "retrowalk.feedback.entries";

    /** The hooks our services answer; anything else a caller sends is counted as "other". */
    private static final java.util.Set<String> HOOKS = java.util.Set.of("patient-view", "order-select", "order-sign");

    private final MeterRegistry registry;

    @Inject
    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One CDS call, answered or refused, as the audit trail records it. */
    public void called(CallRecord call) {
        String service = call.serviceId();
        String hook = call.hook() != null && HOOKS.contains(call.hook()) ? call.hook() : "other";
        Timer.builder(CALLS).description("CDS Hooks calls: time from request to answer, by service, hook and HTTP status")
                .tags("service", service, "hook", hook, "status", Integer.toString(call.httpStatus()),
                        "outcome", call.outcome() == null ? "none" : call.outcome())
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(call.latencyMicros(), TimeUnit.MICROSECONDS);
        for (CallRecord.CardRecord card : call.cards()) {
            Counter.builder(CARDS).description("Cards returned, by service and the outcome they carry")
                    .tags("service", service, "outcome", card.outcome()).register(registry).increment();
        }
        for (String rule : call.rulesFired()) {
            Counter.builder(RULES_FIRED).description("Clinical rules fired, by rule id").tag("rule", rule).register(registry).increment();
        }
    }

    /** The queries one call ran against a FHIR server: how each ended ("read" or the failure) and how long the whole read took. */
    public void fhirRead(Map<String, String> resultByQuery, long nanos) {
        boolean complete = resultByQuery.values().stream().allMatch("read"::equals);
        resultByQuery.forEach((query, result) -> Counter.builder(FHIR_QUERIES)
                .description("Queries to EHR FHIR servers, by query (prefetch key) and result (read, or why not)")
                .tags("query", query, "result", result).register(registry).increment());
        Timer.builder(FHIR_READS).description("Reads of a record's missing parts from a FHIR server, all queries in parallel")
                .tag("result", complete ? "complete" : "partial")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A circuit breaker's state, 0 closed, 1 half-open (one trial query), 2 open (the server is not asked). */
    public void circuitBreaker(String base, Supplier<Number> state) {
        io.micrometer.core.instrument.Gauge.builder(CIRCUIT_BREAKER, state)
                .description("FHIR server circuit breaker: 0 closed, 1 half-open, 2 open")
                .tag("server", server(base)).strongReference(true).register(registry);
    }

    /** Feedback entries received, by service, the clinician's outcome and whether it was new or a resend. */
    public void feedback(String service, FeedbackEntry entry, boolean stored) {
        Counter.builder(FEEDBACK).description("CDS Hooks feedback entries, by service, outcome (accepted, overridden) and result")
                .tags("service", service, "outcome", entry.outcome(), "result", stored ? "stored" : "duplicate")
                .register(registry).increment();
    }

    /** Scheme, host and port only: a base URL's path can name a tenant, and tags should stay few. */
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
