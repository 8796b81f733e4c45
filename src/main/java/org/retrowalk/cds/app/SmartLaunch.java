package org.retrowalk.cds.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.fhir.References;

/**
 * SMART App Launch 2.0 for the physiotherapist's app, with the Nimbus OAuth 2.0 SDK: EHR launch ({@code iss} and
 * {@code launch}) and standalone launch ({@code iss} only), discovery from {@code .well-known/smart-configuration},
 * the authorization code flow with PKCE (S256), a public client or a confidential one with private_key_jwt. The app
 * is launched only from a configured EHR (or an open FHIR server on the list): an {@code iss} names the server the
 * app will send requests, and a token, to.
 */
@Singleton
public class SmartLaunch {

    private static final Logger LOG = Logger.getLogger(SmartLaunch.class);
    private static final String STANDALONE_SCOPE = "launch/patient";

    /** A launch or callback that cannot go on; the message names the problem, never a token or a patient. */
    public static final class LaunchException extends RuntimeException {
        LaunchException(String message) {
            super(message, null, false, false);
        }
    }

    /** Where the browser goes next, and, for a completed launch, the session. */
    public record Step(URI redirect, AppSession session) {}

    private final List<SmartEhr> ehrs = new ArrayList<>();
    private final AppSessions sessions;
    private final int timeoutMillis;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public SmartLaunch(RetrowalkConfig config, AppSessions sessions) {
        this.sessions = sessions;
        this.timeoutMillis = (int) config.app().requestTimeout().toMillis();
        config.app().ehrs().forEach((name, ehr) -> ehrs.add(new SmartEhr(name, normalize(ehr.iss()), ehr.clientId(),
                ehr.privateKeyFile(), ehr.scope(), false)));
        config.app().openFhirServers().orElse(List.of()).forEach(base -> ehrs.add(new SmartEhr("open", normalize(base), null,
                Optional.empty(), "", true)));
    }

    static String normalize(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /**
     * Starts a launch: the URL of the EHR's authorization endpoint to send the browser to (or, for an open FHIR server,
     * the session at once).
     *
     * @param launch the EHR's launch context, or null for a standalone launch
     */
    public Step start(String iss, String launch, URI redirectUri) {
        if (iss == null || iss.isBlank()) {
            throw new LaunchException("The launch names no FHIR server (iss).");
        }
        SmartEhr ehr = ehrs.stream().filter(e -> e.iss().equals(normalize(iss.trim()))).findFirst()
                .orElseThrow(() -> new LaunchException("This app is not registered with the FHIR server the launch names (iss). "
                        + "An operator adds it as retrowalk.app.ehrs.<name>.iss."));
        if (ehr.open()) {
            if (launch != null) {
                throw new LaunchException("An open FHIR server has no launch context: open the app with the patient's id instead.");
            }
            return new Step(null, null);
        }
        JsonNode smart = discover(ehr.iss());
        URI authorize = uri(smart, "authorization_endpoint");
        URI token = uri(smart, "token_endpoint");
        List<String> methods = new ArrayList<>();
        smart.path("code_challenge_methods_supported").forEach(m -> methods.add(m.asText()));
        if (!methods.contains("S256")) {
            throw new LaunchException("The EHR's authorization server does not offer PKCE with S256, which SMART App Launch 2.0 requires.");
        }
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        String scope = launch == null ? ehr.scope().replace("launch ", "").replaceFirst("^launch$", "") + " " + STANDALONE_SCOPE : ehr.scope();
        List<String> capabilities = new ArrayList<>();
        smart.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        if (!capabilities.contains("permission-v2")) {
            scope = v1Scopes(scope);
        }
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new ClientID(ehr.clientId()))
                .endpointURI(authorize).redirectionURI(redirectUri).scope(Scope.parse(scope.trim())).state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256).customParameter("aud", ehr.iss());
        if (launch != null) {
            request.customParameter("launch", launch);
        }
        if (!sessions.await(state.getValue(), new PendingLaunch(ehr.iss(), ehr, token, redirectUri, verifier))) {
            throw new LaunchException("Too many launches are waiting for their sign-in; try again in a few minutes.");
        }
        return new Step(request.build().toURI(), null);
    }

    /**
     * SMART v1 scopes for an EHR that does not announce permission-v2: read for .rs (and any v2 read), write for
     * .c, .u, .d or any mix of them. Other scopes (launch, openid, fhirUser) stay as they are.
     */
    static String v1Scopes(String v2) {
        List<String> scopes = new ArrayList<>();
        for (String scope : v2.trim().split("\\s+")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^((?:patient|user|system)/[A-Za-z*]+)\\.([cruds]+)$").matcher(scope);
            if (!m.matches()) {
                scopes.add(scope);
                continue;
            }
            if (m.group(2).matches(".*[rs].*")) {
                scopes.add(m.group(1) + ".read");
            }
            if (m.group(2).matches(".*[cud].*")) {
                scopes.add(m.group(1) + ".write");
            }
        }
        return String.join(" ", scopes.stream().distinct().toList());
    }

    /** Finishes a launch at the callback: the state must be one this app issued, once; the code is exchanged with its verifier. */
    public AppSession complete(String state, String code, String error) {
        PendingLaunch launch = sessions.take(state)
                .orElseThrow(() -> new LaunchException("This sign-in does not belong to a launch of this app, or has expired; launch the app again."));
        if (error != null) {
            throw new LaunchException("The EHR did not authorize the app (" + error.replaceAll("[^a-z_]", "") + ").");
        }
        if (code == null || code.isBlank()) {
            throw new LaunchException("The EHR sent no authorization code.");
        }
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), launch.redirectUri(), launch.verifier());
        TokenRequest request;
        if (launch.ehr().privateKeyFile().isPresent()) {
            request = new TokenRequest(launch.tokenEndpoint(), clientAssertion(launch.ehr(), launch.tokenEndpoint()), grant);
        } else {
            request = new TokenRequest(launch.tokenEndpoint(), new ClientID(launch.ehr().clientId()), grant);
        }
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(timeoutMillis);
            http.setReadTimeout(timeoutMillis);
            http.setFollowRedirects(false);
            TokenResponse response = TokenResponse.parse(http.send());
            if (!response.indicatesSuccess()) {
                TokenErrorResponse refused = response.toErrorResponse();
                throw new LaunchException("The EHR refused the sign-in (" + refused.getErrorObject().getCode() + ").");
            }
            AccessTokenResponse tokens = response.toSuccessResponse();
            Object patient = tokens.getCustomParameters().get("patient");
            if (!(patient instanceof String patientId) || patientId.isBlank()) {
                throw new LaunchException("The EHR's token names no patient: the app works on one patient's record.");
            }
            long lifetime = tokens.getTokens().getAccessToken().getLifetime();
            Instant expires = Instant.now().plusSeconds(lifetime > 0 ? lifetime : 3600);
            Scope granted = tokens.getTokens().getAccessToken().getScope();
            return sessions.open(launch.fhirServer(), patientId, tokens.getTokens().getAccessToken().getValue(),
                    granted == null ? "" : granted.toString(), expires, practitioner(tokens.getCustomParameters().get("id_token"), launch.fhirServer()))
                    .orElseThrow(() -> new LaunchException("Too many sessions are open; try again in a few minutes."));
        } catch (IOException | com.nimbusds.oauth2.sdk.ParseException e) {
            LOG.warnf("SMART token request failed: %s", e.getClass().getSimpleName());
            throw new LaunchException("The EHR's token endpoint could not be reached or answered nonsense.");
        }
    }

    /**
     * The signed-in user, from the ID token's fhirUser claim, as a reference on the launch's FHIR server
     * (Practitioner/id or PractitionerRole/id); null for anyone else, or when the EHR did not say. The ID token came
     * straight from the token endpoint in this request, so TLS vouches for its issuer (OpenID Connect Core 3.1.3.7)
     * and its signature is not checked; the claim only names the requester of an order the EHR itself then accepts
     * or refuses.
     */
    static String practitioner(Object idToken, String fhirServer) {
        if (!(idToken instanceof String jwt)) {
            return null;
        }
        try {
            String fhirUser = com.nimbusds.jwt.JWTParser.parse(jwt).getJWTClaimsSet().getStringClaim("fhirUser");
            if (fhirUser == null) {
                return null;
            }
            String relative = fhirUser.startsWith(fhirServer + "/") ? fhirUser.substring(fhirServer.length() + 1) : fhirUser;
            return relative.matches("(Practitioner|PractitionerRole)/[A-Za-z0-9\\-.]{1,64}") ? relative : null;
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    /** A session on an open FHIR server (no authorization), for the patient named. */
    public AppSession openServer(String iss, String patientId) {
        SmartEhr ehr = ehrs.stream().filter(e -> e.open() && e.iss().equals(normalize(iss))).findFirst()
                .orElseThrow(() -> new LaunchException("This FHIR server is not on the app's list of open servers."));
        if (!References.isId(patientId)) {
            throw new LaunchException("Name the patient by a FHIR id (letters, digits, '-' and '.').");
        }
        return sessions.open(ehr.iss(), patientId, null, "", Instant.now().plusSeconds(86_400), null)
                .orElseThrow(() -> new LaunchException("Too many sessions are open; try again in a few minutes."));
    }

    private JsonNode discover(String iss) {
        try {
            HTTPRequest http = new HTTPRequest(HTTPRequest.Method.GET, URI.create(iss + "/.well-known/smart-configuration"));
            http.setAccept("application/json");
            http.setConnectTimeout(timeoutMillis);
            http.setReadTimeout(timeoutMillis);
            http.setFollowRedirects(false);
            HTTPResponse response = http.send();
            if (response.getStatusCode() != 200) {
                throw new LaunchException("The FHIR server publishes no SMART configuration (.well-known/smart-configuration answered "
                        + response.getStatusCode() + ").");
            }
            return json.readTree(response.getBody());
        } catch (IOException e) {
            throw new LaunchException("The FHIR server's SMART configuration could not be read.");
        }
    }

    private static URI uri(JsonNode smart, String field) {
        String value = smart.path(field).asText("");
        if (!value.startsWith("https://") && !value.startsWith("http://")) {
            throw new LaunchException("The SMART configuration has no " + field + ".");
        }
        return URI.create(value);
    }

    private static PrivateKeyJWT clientAssertion(SmartEhr ehr, URI tokenEndpoint) {
        try {
            JWKSet keys = JWKSet.load(Files.newInputStream(Path.of(ehr.privateKeyFile().get())));
            JWK key = keys.getKeys().stream().filter(JWK::isPrivate).findFirst()
                    .orElseThrow(() -> new LaunchException("The app's key file for " + ehr.name() + " holds no private key."));
            if (key instanceof RSAKey rsa) {
                return new PrivateKeyJWT(new ClientID(ehr.clientId()), tokenEndpoint, JWSAlgorithm.RS384, rsa.toPrivateKey(), key.getKeyID(), null);
            }
            return new PrivateKeyJWT(new ClientID(ehr.clientId()), tokenEndpoint, JWSAlgorithm.ES384, key.toECKey().toPrivateKey(), key.getKeyID(), null);
        } catch (IOException | java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            throw new LaunchException("The app's key file for " + ehr.name() + " cannot be read.");
        }
    }
}
