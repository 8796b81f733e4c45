package org.retrowalk.cds.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the service reads from the EHR's FHIR server when the prefetch lacks something. */
public interface FhirReadSettings {

    /** The whole read of one call, all queries in parallel, ends by then; what is unread by then is unread. */
    @WithDefault("1500ms")
    Duration deadline();

    /** One query (each page of it) gives up after this long without an answer. */
    @WithDefault("1000ms")
    Duration queryTimeout();

    @WithDefault("500ms")
    Duration connectTimeout();

    /** Pages followed per query; a result with more is treated as unread. */
    @WithDefault("10")
    int maxPages();

    /** _count asked of the server for each search. */
    @WithDefault("200")
    int pageSize();

    /** Queries running at once across all calls; more wait for a thread (and may miss their deadline). */
    @WithDefault("32")
    int maxConcurrentQueries();

    /** Pooled HTTP connections across all FHIR servers. */
    @WithDefault("64")
    int maxConnections();

    CircuitBreakerSettings circuitBreaker();

    interface CircuitBreakerSettings {
        /** Consecutive failed queries to one FHIR server base that open its circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit refuses queries before letting one through to test the server. */
        @WithDefault("10s")
        Duration openFor();

        /**
         * FHIR server base URLs with a breaker kept; past this, closed breakers are forgotten, so that calls
         * naming ever new servers cannot grow memory without bound.
         */
        @WithDefault("1000")
        int maxServers();
    }
}
