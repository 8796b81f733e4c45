package org.retrowalk.cds.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CDS Hooks client authentication: which EHRs are trusted, and how their JWTs are checked. */
public interface AuthSettings {

    /** On in production; off in the dev and test profiles, with a loud warning at start-up. */
    @WithDefault("true")
    boolean enabled();

    /** Tolerance for the clocks of the EHR and this service on exp, iat and nbf. */
    @WithDefault("60s")
    Duration clockSkew();

    /** How long a token's jti is remembered to refuse a replay (at least an hour, and at least until the token expires). */
    @WithDefault("1h")
    Duration replayWindow();

    /**
     * The public URL of this service's {@code /cds-services} (for example https://cds.example.org/cds-services), as
     * the EHRs call it. A token's aud must be the URL of the endpoint invoked (CDS Hooks 2.0): this base followed by
     * the rest of the request's path, never anything taken from the Host header.
     */
    Optional<String> audience();

    /**
     * A token with a kid the cached JWKS lacks makes the service fetch the JWKS again, but not more often than
     * this: a flood of bogus kids must not become a flood of requests to the EHR.
     */
    @WithDefault("10s")
    Duration jwksRefreshMinInterval();

    /** URL prefixes from which JWKS may be fetched (for jwks-url and for a token's jku header). */
    Optional<List<String>> jwksUrlAllowList();

    /**
     * While authentication is off: the FHIR servers any caller may name in fhirServer (the service sends them
     * requests). Loopback only by default, so that the quick start works and nothing else can be reached.
     */
    @WithDefault("http://localhost:*,http://127.0.0.1:*,http://[::1]:*,https://localhost:*,https://127.0.0.1:*,https://[::1]:*")
    List<String> openFhirServers();

    /** The trusted issuers, by a name of the operator's choosing. */
    Map<String, Issuer> issuers();

    interface Issuer {
        /** The iss claim. */
        String iss();

        /** A JWKS file with the issuer's public keys. */
        Optional<String> jwksFile();

        /** Or a JWKS URL on the allow-list: cached, refreshed when a token names an unknown kid. */
        Optional<String> jwksUrl();

        /**
         * For an EHR: the public URL of /cds-services as this EHR calls it, when it differs from
         * retrowalk.auth.audience. For a governance identity provider: the fixed aud of its tokens (its client id).
         */
        Optional<String> audience();

        /**
         * The FHIR server bases this EHR may name in fhirServer (scheme, host, port and path prefix; ":*" for any
         * port). None by default: a call naming a server is then refused, since the service would send it the token.
         */
        Optional<List<String>> fhirServers();

        /** If set, the tenant claim must equal it. */
        Optional<String> tenant();

        /**
         * ehr: an EHR calling the CDS services (one-time tokens: a jti is refused the second time). governance:
         * an identity provider whose users read the governance reports (bearer tokens reused until they expire).
         */
        @WithDefault("ehr")
        Role role();
    }

    enum Role {
        EHR, GOVERNANCE
    }
}
