package org.retrowalk.cds.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the service reads from the EHR's FHIR server when the prefetch lacks something. */
public interface FhirReadSettings {

    /**
     * The whole read of one call, all queries in parallel, ends by then: connecting, the headers, the body and its
     * parsing. A request still running is aborted (its connection closed); what is unread by then is unread.
     */
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

    /**
     * The largest answer (one page or one read) the service reads, decompressed. A larger one is cut off where it
     * passes the limit (the connection is closed) and the part is unread: a cautious answer, never an error.
     */
    @WithDefault("4M")
    MemorySize maxPageBytes();

    /** All the answers of one call together: past this, what is still being read is unread. */
    @WithDefault("12M")
    MemorySize maxCallBytes();

    /**
     * Answer bytes being read and parsed at once across all calls: what bounds the heap a crowd of large charts can
     * take (a parsed page takes several times its bytes). A query that cannot have its share at once is unread
     * ("too many queries in flight") rather than waiting or risking the service.
     */
    @WithDefault("16M")
    MemorySize maxBytesInFlight();

    /** Resources one query may return, all pages together (a server may ignore _count); more and the query is unread. */
    @WithDefault("2000")
    int maxResourcesPerQuery();

    /** _count asked of the server for each search. */
    @WithDefault("200")
    int pageSize();

    /**
     * Queries running at once across all calls; more wait for a thread (and may miss their deadline). The patient and
     * conditions queries, without which no advice is possible, have a quarter as many threads of their own.
     */
    @WithDefault("32")
    int maxConcurrentQueries();

    /** Pooled HTTP connections across all FHIR servers. */
    @WithDefault("64")
    int maxConnections();

    CircuitBreakerSettings circuitBreaker();

    interface CircuitBreakerSettings {
        /**
         * Calls whose reads failed (server errors, resets, timeouts, unreadable answers), for different patients and
         * with no successful read in between, that open the circuit of one FHIR server. A refused connection counts
         * each time; one patient's calls count once, so one chart cannot cut the server off for everyone.
         */
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
