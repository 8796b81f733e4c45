package org.retrowalk.cds.governance;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.File;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.AuthSettings;
import org.retrowalk.cds.config.RetrowalkConfig;

/**
 * Sign-in to the governance dashboard with OpenID Connect (authorization code flow with PKCE S256, state and nonce),
 * by the Nimbus OAuth 2.0 / OpenID Connect SDK, at the governance identity provider already trusted for the reports
 * (retrowalk.auth.issuers entry with role governance): its iss for discovery, its audience as client id unless
 * retrowalk.dashboard.client-id says otherwise, its jwks-file for the ID token's keys where it has one (else the
 * provider's jwks_uri). Only a validated ID token (signature, iss, aud, exp, nonce) opens a session.
 */
@Singleton
public class GovernanceLogin {

    private static final Logger LOG = Logger.getLogger(GovernanceLogin.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    /** Why a sign-in failed, in words for the user; never a token or a claim value. */
    public static final class LoginException extends RuntimeException {
        LoginException(String message) {
            super(message);
        }
    }

    private final RetrowalkConfig.Dashboard settings;
    private final Optional<AuthSettings.Issuer> issuer;
    private final boolean authenticationOn;
    private final DashboardSessions sessions;
    private final int timeoutMillis;
    private volatile OIDCProviderMetadata provider;
    private volatile IDTokenValidator validator;

    @Inject
    public GovernanceLogin(RetrowalkConfig config, DashboardSessions sessions) {
        this.settings = config.dashboard();
        this.authenticationOn = config.auth().enabled();
        this.sessions = sessions;
        this.timeoutMillis = (int) settings.requestTimeout().toMillis();
        Map<String, AuthSettings.Issuer> issuers = config.auth().issuers();
        if (settings.issuer().isPresent()) {
            AuthSettings.Issuer named = issuers.get(settings.issuer().get());
            if (named == null || named.role() != AuthSettings.Role.GOVERNANCE) {
                throw new IllegalStateException("retrowalk.dashboard.issuer names " + settings.issuer().get()
                        + ", which is not a retrowalk.auth.issuers entry with role governance");
            }
            this.issuer = Optional.of(named);
        } else {
            List<AuthSettings.Issuer> governance = issuers.values().stream().filter(i -> i.role() == AuthSettings.Role.GOVERNANCE).toList();
            this.issuer = governance.size() == 1 ? Optional.of(governance.get(0)) : Optional.empty();
        }
    }

    /** False while client authentication is off: the dashboard is then open, like the reports. */
    public boolean required() {
        return authenticationOn;
    }

    /** Whether a sign-in can be offered: an identity provider and a client id are configured. */
    public boolean configured() {
        return issuer.isPresent() && clientId().isPresent();
    }

    private Optional<String> clientId() {
        return settings.clientId().or(() -> issuer.flatMap(AuthSettings.Issuer::audience));
    }

    /** Starts a sign-in: the identity provider's authorization URL, with state, nonce and a PKCE S256 challenge. */
    public URI begin(URI redirectUri, String state) {
        OIDCProviderMetadata metadata = provider();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        if (!sessions.await(state, nonce.getValue(), verifier.getValue())) {
            throw new LoginException("Too many sign-ins are under way; try again in a few minutes.");
        }
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile"), new ClientID(clientId().orElseThrow()), redirectUri)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build().toURI();
    }

    /** Completes a sign-in: exchanges the code, validates the ID token, checks the role, opens a session. */
    public DashboardSessions.Session complete(String state, String code, String error, URI redirectUri) {
        DashboardSessions.PendingLogin login = sessions.take(state)
                .orElseThrow(() -> new LoginException("This sign-in was not started here, or it has expired; sign in again."));
        if (error != null) {
            throw new LoginException("The identity provider did not sign you in (" + error.replaceAll("[^a-z_]", "") + ").");
        }
        if (code == null || code.isBlank()) {
            throw new LoginException("The identity provider sent no authorization code.");
        }
        OIDCProviderMetadata metadata = provider();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(login.codeVerifier()));
        ClientID client = new ClientID(clientId().orElseThrow());
        TokenRequest request = settings.clientSecret().isPresent()
                ? new TokenRequest(metadata.getTokenEndpointURI(), new ClientSecretBasic(client, new Secret(settings.clientSecret().get())), grant)
                : new TokenRequest(metadata.getTokenEndpointURI(), client, grant);
        JWT idToken;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(timeoutMillis);
            http.setReadTimeout(timeoutMillis);
            http.setFollowRedirects(false);
            TokenResponse response = OIDCTokenResponseParser.parse(http.send());
            if (!response.indicatesSuccess()) {
                throw new LoginException("The identity provider refused the sign-in (" + response.toErrorResponse().getErrorObject().getCode() + ").");
            }
            idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        } catch (java.io.IOException | com.nimbusds.oauth2.sdk.ParseException | ClassCastException e) {
            LOG.warnf("Dashboard sign-in: token request failed (%s)", e.getClass().getSimpleName());
            throw new LoginException("The identity provider's token endpoint could not be reached or answered without an ID token.");
        }
        IDTokenClaimsSet claims;
        try {
            claims = validator(metadata).validate(idToken, new Nonce(login.nonce()));
        } catch (Exception e) {
            // Nimbus's messages may quote claims: log only the kind of failure.
            LOG.warnf("Dashboard sign-in: ID token refused (%s)", e.getClass().getSimpleName());
            throw new LoginException("The identity provider's ID token could not be verified.");
        }
        if (settings.role().isPresent() && !hasRole(claims.getClaim(settings.roleClaim()), settings.role().get())) {
            throw new LoginException("You are signed in, but without the governance role this dashboard needs.");
        }
        String user = Optional.ofNullable(claims.getStringClaim("name")).or(() -> Optional.ofNullable(claims.getStringClaim("preferred_username")))
                .orElse(claims.getSubject().getValue());
        return sessions.open(user).orElseThrow(() -> new LoginException("Too many sessions are open; try again in a few minutes."));
    }

    static boolean hasRole(Object claim, String role) {
        if (claim instanceof String single) {
            return single.equals(role) || List.of(single.split(" ")).contains(role);
        }
        return claim instanceof Collection<?> many && many.stream().anyMatch(role::equals);
    }

    private OIDCProviderMetadata provider() {
        OIDCProviderMetadata known = provider;
        if (known != null) {
            return known;
        }
        AuthSettings.Issuer idp = issuer.orElseThrow(() -> new LoginException("No identity provider is configured for the dashboard."));
        try {
            known = OIDCProviderMetadata.resolve(new Issuer(idp.iss()), timeoutMillis, timeoutMillis);
        } catch (Exception e) {
            LOG.warnf("Dashboard sign-in: discovery at the identity provider failed (%s)", e.getClass().getSimpleName());
            throw new LoginException("The identity provider could not be reached; try again later.");
        }
        provider = known;
        return known;
    }

    private IDTokenValidator validator(OIDCProviderMetadata metadata) throws Exception {
        IDTokenValidator known = validator;
        if (known != null) {
            return known;
        }
        AuthSettings.Issuer idp = issuer.orElseThrow();
        JWKSource<SecurityContext> keys = idp.jwksFile().isPresent()
                ? new ImmutableJWKSet<>(JWKSet.load(new File(idp.jwksFile().get())))
                : JWKSourceBuilder.<SecurityContext>create(metadata.getJWKSetURI().toURL(), new DefaultResourceRetriever(timeoutMillis, timeoutMillis)).build();
        known = new IDTokenValidator(new Issuer(idp.iss()), new ClientID(clientId().orElseThrow()), new JWSVerificationKeySelector<>(ALGORITHMS, keys), null);
        validator = known;
        return known;
    }
}
