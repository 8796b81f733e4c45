package org.retrowalk.cds.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    WarmUp warmUp();

    Validation validation();

    Audit audit();

    Log log();

    App app();

    /** The governance dashboard (/dashboard) and its sign-in. */
    Dashboard dashboard();

    /** The panel screen: a population's ndjson files through the rules, to a worklist. */
    Panel panel();

    /** Requests as they arrive: how long a body may take, and how much of it the service holds at once. */
    Http http();

    interface Http {
        /**
         * A request's body must have arrived this long after its headers, or the connection is closed (408): a client
         * trickling a body holds a connection, never a thread, and not for long.
         */
        @WithDefault("10s")
        Duration bodyTimeout();

        /**
         * Request bodies (their declared lengths; quarkus.http.limits.max-body-size for a body without one) being
         * received and handled at once; a request past it is refused at once with 503 and Retry-After.
         */
        @WithDefault("48M")
        io.quarkus.runtime.configuration.MemorySize maxBodyBytesInFlight();
    }

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

    interface WarmUp {
        /**
         * After start-up, the service sends itself synthetic calls (the example requests, never audited or
         * counted) for up to this long, or until their rate stops rising, before readiness says UP: a new replica
         * then meets its first clinicians with compiled code. 0s: ready after one call.
         */
        @WithDefault("30s")
        Duration load();

        /** Threads sending those calls (default: one per processor). */
        Optional<Integer> threads();
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

        /**
         * The most audit records (calls) the database keeps, whatever their age: past it the oldest go first, with a
         * warning and retrowalk_audit_records_pruned_total. About 1.3 kB of disk each in the embedded database
         * (docs/operations.md); the default bounds it near 2.6 GB.
         */
        @WithDefault("2000000")
        long maxRecords();

        /** How often the number of records is checked against max-records. */
        @WithDefault("60s")
        Duration sizeCheckInterval();

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

    /** The physiotherapist's app (SMART App Launch 2.0), launched from the EHR and from the cards. */
    interface App {
        /**
         * The app's public URL as EHRs register it, like https://cds.example.org/app: its launch URL is this followed
         * by /launch and its redirect URI by /callback. Cards link to the app only when it is set.
         */
        Optional<String> url();

        /** How long an app session, and the token it holds on the server, lasts after its last page. */
        @WithDefault("30m")
        Duration sessionTimeout();

        /** How long the user has to sign in at the EHR's authorization server after a launch. */
        @WithDefault("10m")
        Duration launchTimeout();

        /** Discovery and token requests to an EHR give up after this long. */
        @WithDefault("5s")
        Duration requestTimeout();

        /** The EHRs the app may be launched from, by a name of the operator's choosing. */
        Map<String, Ehr> ehrs();

        /**
         * FHIR servers without authorization (SMART allows them) the app may read in a standalone launch: exact base
         * URLs. None by default.
         */
        Optional<List<String>> openFhirServers();

        interface Ehr {
            /** The EHR's FHIR base URL: the iss of its launches, and the aud of the authorization request. */
            String iss();

            /** The client id the EHR registered for this app. */
            String clientId();

            /** A confidential client's private key (a JWKS file holding one private key) for private_key_jwt; unset, a public client. */
            Optional<String> privateKeyFile();

            /** The scopes asked of this EHR (SMART v2, with the v1 fallbacks an older EHR needs appended if it wants them). */
            @WithDefault("launch openid fhirUser patient/*.rs patient/ServiceRequest.c patient/Observation.c")
            String scope();
        }
    }

    /**
     * The governance dashboard. With client authentication on, its users sign in with OpenID Connect (authorization
     * code with PKCE) at a governance identity provider of retrowalk.auth.issuers; with it off, it is open, as the
     * reports are.
     */
    interface Dashboard {
        /** The retrowalk.auth.issuers entry (role governance) users sign in with; unset, the only governance issuer. */
        Optional<String> issuer();

        /** The client id registered at the identity provider; unset, that issuer's audience. */
        Optional<String> clientId();

        /** A confidential client's secret (client_secret_basic); unset, a public client (PKCE alone). */
        Optional<String> clientSecret();

        /** The dashboard's public URL, like https://cds.example.org/dashboard; its redirect URI is this followed by /callback. */
        Optional<String> url();

        /** If set, the ID token's role claim (a string or a list) must hold this value. */
        Optional<String> role();

        /** The ID token claim holding the user's roles. */
        @WithDefault("roles")
        String roleClaim();

        /** How long a dashboard session lasts after its last page. */
        @WithDefault("30m")
        Duration sessionTimeout();

        /** How long a user has to sign in after leaving for the identity provider. */
        @WithDefault("10m")
        Duration loginTimeout();

        /** Discovery, token and key requests to the identity provider give up after this long. */
        @WithDefault("5s")
        Duration requestTimeout();
    }

    /** The panel screen (docs/operations.md, "Screening a panel"). */
    interface Panel {
        /**
         * How many bucket files a share spreads its patients over before screening them bucket by bucket: memory
         * holds one bucket per thread, so more buckets keep it flatter for larger populations.
         */
        @WithDefault("256")
        int buckets();

        /** The resource types read from the export (what the record readers use); lines of other types are skipped. */
        @WithDefault("Patient,Condition,Observation,MedicationRequest,MedicationStatement,Device,DeviceUseStatement,Procedure,ServiceRequest")
        java.util.List<String> resourceTypes();

        /** Screening threads; 0 means one per processor. */
        @WithDefault("0")
        int threads();
    }

    interface Log {
        /** One JSON object per console line, with the request id. */
        @WithDefault("false")
        boolean json();
    }
}
