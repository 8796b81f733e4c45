package org.retrowalk.cds.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the service, under {@code retrowalk.}, with its default: the one place a default is written.
 * docs/operations.md's configuration reference lists them (ConfigurationReferenceTest walks this tree). Properties
 * of Quarkus itself (quarkus.*) are Quarkus's.
 */
@ConfigMapping(prefix = "retrowalk")
public interface RetrowalkConfig {

    /** Where the embedded database and the generated patient-hash key live. */
    @WithDefault("./data")
    Path dataDir();

    /** embedded (H2 in data-dir, one replica) or postgresql (quarkus.datasource.postgresql.*). */
    @WithDefault("embedded")
    String database();

    AuthSettings auth();

    FhirReadSettings fhir();

    Terminology terminology();

    Rules rules();

    Evaluation evaluation();

    Cards cards();

    Orders orders();

    Validation validation();

    Audit audit();

    Log log();

    /** Value sets and code systems, and the optional terminology server. */
    interface Terminology {
        /** A directory of ValueSets and CodeSystems to use instead of the packaged fhir-profiles/. */
        Optional<Path> directory();

        /** A FHIR terminology server for SNOMED codes the shipped expansions lack (ValueSet/$validate-code). */
        Optional<String> server();

        /** The most one call waits for the terminology server, all its lookups together. */
        @WithDefault("300ms")
        Duration timeout();

        @WithDefault("24h")
        Duration cacheTtl();

        @WithDefault("100000")
        int cacheSize();

        /** Lookups running at once. */
        @WithDefault("4")
        int threads();
    }

    interface Rules {
        /** A rules/parameters.yaml of the site's own. */
        Optional<Path> parametersFile();

        /** Drools sessions kept ready; the pool grows past this when more calls evaluate at once. */
        @WithDefault("16")
        int sessionPoolSize();
    }

    interface Evaluation {
        /** Evaluate as of this date (tests, demonstrations, replaying a past call), like 2026-11-21. */
        Optional<String> date();

        /** The time zone of "today" (default: the server's), like Europe/Amsterdam. */
        Optional<String> zone();
    }

    interface Cards {
        /** Where a card's "about this advice" link points. */
        @WithDefault("https://retrowalk.org/docs/backward-walking")
        String documentationUrl();
    }

    interface Orders {
        /** An order consistent with the advice gets a short confirming card (false: no card). */
        @WithDefault("true")
        boolean confirmConsistent();
    }

    interface Validation {
        /** Build the prescription validator at start-up (false: on the first $validate). */
        @WithDefault("true")
        boolean warmUp();
    }

    interface Audit {
        /** Audit records older than this are deleted. */
        @WithDefault("730d")
        Duration retention();

        @WithDefault("24h")
        Duration purgeInterval();

        /** The key of the patient-id hashes; the same on every replica sharing a database (at least 32 characters). */
        Optional<String> patientKey();

        /** Records waiting for the database; past this they are lost and counted. */
        @WithDefault("10000")
        int queueCapacity();

        @WithDefault("200")
        int batchSize();

        /** How long the writer waits to fill a batch. */
        @WithDefault("50ms")
        Duration linger();
    }

    interface Log {
        /** One JSON object per console line, with the request id. */
        @WithDefault("false")
        boolean json();
    }
}
