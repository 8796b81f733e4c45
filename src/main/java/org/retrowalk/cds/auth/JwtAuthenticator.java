package org.retrowalk.cds.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.retrowalk.cds.config.AuthSettings;

/**
 * Verifies the JWT an EHR sends with every call (CDS Hooks security): ES384 or RS384 only, a kid, an
 * issuer on the list with its keys, the expected aud, exp and iat (within the clock skew), no nbf in the
 * future, a jti not used before, and the tenant where one is configured. Why a token was refused is logged
 * (never the token); the caller learns only 401.
 */
@ApplicationScoped
public class JwtAuthenticator {

    private static final Logger LOG = Logger.getLogger(JwtAuthenticator.class);
    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA384);

    private final AuthSettings settings;
    private final Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
    private final ReplayGuard replays;

    /**
     * A trusted issuer and the consumer that checks its tokens (built once: jose4j's JwtConsumer is reusable), with
     * the public base its aud is built from, or the one aud its tokens carry (a governance identity provider's).
     */
    private record TrustedIssuer(String name, AuthSettings.Issuer config, JwtConsumer consumer, String audienceBase, String fixedAudience) {}

    /**
     * A caller whose signature, issuer, times and jti checked out: the operator's name for its issuer, what it may do,
     * and the audiences its token names (checked against the endpoint by {@link #audienceFits}).
     */
    public record Client(String name, AuthSettings.Role role, List<String> audiences, String audienceBase, String fixedAudience) {}

    /** With this replica's own memory of jti values (tests and tools that run without the audit database). */
    public JwtAuthenticator(AuthSettings settings) {
        this(settings, new ReplayCache());
    }

    @Inject
    public JwtAuthenticator(AuthSettings settings, ReplayGuard replays) {
        this.settings = settings;
        this.replays = replays;
        List<String> allowed = settings.jwksUrlAllowList().orElse(List.of());
        for (Map.Entry<String, AuthSettings.Issuer> entry : settings.issuers().entrySet()) {
            AuthSettings.Issuer issuer = entry.getValue();
            VerificationKeyResolver keys;
            if (issuer.jwksFile().isPresent()) {
                try {
                    keys = new JwksVerificationKeyResolver(new JsonWebKeySet(Files.readString(Path.of(issuer.jwksFile().get()))).getJsonWebKeys());
                } catch (IOException e) {
                    throw new UncheckedIOException("issuer " + entry.getKey() + ": cannot read its JWKS file", e);
                } catch (JoseException e) {
                    throw new IllegalStateException("issuer " + entry.getKey() + ": its JWKS file is not a JWK set", e);
                }
            } else if (issuer.jwksUrl().isPresent()) {
                String url = issuer.jwksUrl().get();
                if (allowed.stream().noneMatch(url::startsWith)) {
                    throw new IllegalStateException("issuer " + entry.getKey() + ": its jwks-url is not on retrowalk.auth.jwks-url-allow-list");
                }
                HttpsJwks jwks = new HttpsJwks(url);
                jwks.setRefreshReprieveThreshold(settings.jwksRefreshMinInterval().toMillis());
                keys = new HttpsJwksVerificationKeyResolver(jwks);
            } else {
                throw new IllegalStateException("issuer " + entry.getKey() + ": give a jwks-file or a jwks-url");
            }
            String fixedAudience = issuer.role() == AuthSettings.Role.GOVERNANCE ? issuer.audience().orElse(null) : null;
            String audienceBase = fixedAudience != null ? null : issuer.audience().or(settings::audience).map(JwtAuthenticator::publicBase)
                    .orElseThrow(() -> new IllegalStateException("issuer " + entry.getKey() + ": no audience (retrowalk.auth.audience, "
                            + "the public URL of /cds-services)"));
            int skew = (int) settings.clockSkew().toSeconds();
            JwtConsumer consumer = new JwtConsumerBuilder()
                    .setJwsAlgorithmConstraints(ALGORITHMS)
                    .setVerificationKeyResolver(keys)
                    .setExpectedIssuer(issuer.iss())
                    // aud is the URL of the endpoint invoked, so it is checked per request (audienceFits).
                    .setSkipDefaultAudienceValidation()
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setIssuedAtRestrictions(skew, (int) Math.max(settings.replayWindow().toSeconds(), 3600))
                    .setRequireJwtId()
                    .setAllowedClockSkewInSeconds(skew)
                    .build();
            TrustedIssuer twin = issuers.get(issuer.iss());
            if (twin != null) {
                throw new IllegalStateException("retrowalk.auth.issuers." + twin.name() + " and retrowalk.auth.issuers." + entry.getKey()
                        + " both have iss " + issuer.iss() + ": one issuer entry per iss (tokens could not tell them apart)");
            }
            issuers.put(issuer.iss(), new TrustedIssuer(entry.getKey(), issuer, consumer, audienceBase, fixedAudience));
        }
    }

    void announce(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            LOG.warn("!!! CLIENT AUTHENTICATION IS OFF (retrowalk.auth.enabled=false): any caller can use this service. "
                    + "Never run it like this next to real patient data. !!!");
        } else if (issuers.isEmpty()) {
            LOG.warn("Client authentication is on but no issuer is configured (retrowalk.auth.issuers): every call will be refused.");
        } else {
            LOG.infof("Client authentication on; trusted issuers: %s", issuers.values().stream().map(TrustedIssuer::name).toList());
            issuers.values().stream().filter(i -> i.config().role() == AuthSettings.Role.EHR && i.config().fhirServers().isEmpty())
                    .forEach(i -> LOG.warnf("Issuer %s names no FHIR server (retrowalk.auth.issuers.%s.fhir-servers): its calls that name "
                            + "a fhirServer will be refused with 400.", i.name(), i.name()));
        }
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** @return the caller, or empty when the token must be refused */
    public Optional<Client> verify(String token) {
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(token);
            if (!(structure instanceof JsonWebSignature jws)) {
                return refuse("not a signed JWT");
            }
            String alg = jws.getAlgorithmHeaderValue();
            if (!AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384.equals(alg) && !AlgorithmIdentifiers.RSA_USING_SHA384.equals(alg)) {
                return refuse("algorithm not allowed");
            }
            if (jws.getKeyIdHeaderValue() == null) {
                return refuse("no kid");
            }
            String jku = jws.getHeader("jku");
            if (jku != null && settings.jwksUrlAllowList().orElse(List.of()).stream().noneMatch(jku::startsWith)) {
                return refuse("jku not on the allow-list");
            }
            JwtClaims unverified = JwtClaims.parse(jws.getUnverifiedPayload());
            TrustedIssuer issuer = issuers.get(unverified.getIssuer());
            if (issuer == null) {
                return refuse("unknown issuer");
            }
            JwtClaims claims = issuer.consumer().processToClaims(token);
            long skewMillis = settings.clockSkew().toMillis();
            Optional<String> tenant = issuer.config().tenant();
            if (tenant.isPresent() && !tenant.get().equals(claims.getClaimValueAsString("tenant"))) {
                return refuse("wrong tenant");
            }
            if (issuer.config().role() == AuthSettings.Role.EHR) {
                long now = System.currentTimeMillis();
                long remember = Math.max(claims.getExpirationTime().getValueInMillis() + skewMillis, now + settings.replayWindow().toMillis());
                if (!replays.firstUse(claims.getIssuer(), claims.getJwtId(), remember, now)) {
                    return refuse("replayed jti");
                }
            }
            List<String> audiences = claims.hasAudience() ? claims.getAudience() : List.of();
            return Optional.of(new Client(issuer.name(), issuer.config().role(), audiences, issuer.audienceBase(), issuer.fixedAudience()));
        } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
            // jose4j's messages quote the token's claims: log only its error codes (org.jose4j.jwt.consumer.ErrorCodes).
            return refuse(e.getClass().getSimpleName() + " codes " + e.getErrorDetails().stream()
                    .map(org.jose4j.jwt.consumer.ErrorCodeValidator.Error::getErrorCode).toList());
        } catch (Exception e) {
            return refuse(e.getClass().getSimpleName());
        }
    }

    /**
     * Whether the token was meant for the endpoint invoked: its aud (a string, or an array holding it) equals the
     * configured public base followed by the request's path ("/cds-services/backward-walking-patient-view"), or,
     * for a governance identity provider with a fixed audience, that audience.
     */
    public boolean audienceFits(Client client, String path) {
        String expected = client.fixedAudience() != null ? client.fixedAudience() : client.audienceBase() + trimSlash(path);
        boolean fits = client.audiences().stream().map(JwtAuthenticator::trimSlash).anyMatch(trimSlash(expected)::equals);
        if (!fits) {
            LOG.infof("client token refused: aud is not this endpoint (%s)", trimSlash(path));
        }
        return fits;
    }

    /** "https://cds.example.org/cds-services/" -> "https://cds.example.org": the base the request path is appended to. */
    static String publicBase(String configured) {
        String base = trimSlash(configured.trim());
        return base.endsWith("/cds-services") ? base.substring(0, base.length() - "/cds-services".length()) : base;
    }

    private static String trimSlash(String value) {
        String trimmed = value;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static Optional<Client> refuse(String why) {
        LOG.infof("client token refused: %s", why);
        return Optional.empty();
    }
}
