package org.retrowalk.cds.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A minimal SMART App Launch 2.0 authorization server, in test code because no SMART-capable authorization server
 * runs on this machine (HAPI's FHIR server has none; Keycloak and the SMART reference server need Docker). It
 * publishes .well-known/smart-configuration for a FHIR base, approves every authorization request at once (as an
 * EHR does for a user already signed in) after checking what SMART requires of it (response_type, client_id,
 * redirect_uri, state, aud, a PKCE S256 challenge), and exchanges a code for a token only with the matching
 * code_verifier. The token it issues is the test FHIR server's good token, with the launch's patient.
 */
public final class TestSmartServer {

    /** What the authorization endpoint received, for the tests to check. */
    public record Authorization(Map<String, String> parameters) {}

    private record Grant(String clientId, String redirectUri, String challenge, String patient, String scope) {}

    private final Server jetty;
    /** The signed-in physiotherapist, as the ID token's fhirUser names them. */
    public static final String PRACTITIONER = "Practitioner/physio-1";

    private final String base;
    private final String fhirBase;
    private final String accessToken;
    private final Map<String, String> launchPatients = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final List<Authorization> authorizations = new CopyOnWriteArrayList<>();
    private volatile String standalonePatient;
    private volatile int nextLifetime = 3600;
    private final ObjectMapper json = new ObjectMapper();

    public TestSmartServer(String fhirBase, String accessToken, int port) throws Exception {
        this.fhirBase = fhirBase;
        this.accessToken = accessToken;
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new AuthorizeServlet()), "/auth/authorize");
        context.addServlet(new ServletHolder(new TokenServlet()), "/auth/token");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    public String base() {
        return base;
    }

    public void stop() throws Exception {
        jetty.stop();
    }

    /** An EHR launch: the launch context the EHR hands the app, naming the patient whose chart is open. */
    public String launchFor(String patientId) {
        String launch = UUID.randomUUID().toString();
        launchPatients.put(launch, patientId);
        return launch;
    }

    /** A standalone launch: the patient the user picks at the authorization server. */
    public void standalonePatient(String patientId) {
        this.standalonePatient = patientId;
    }

    /** The next token issued lives this many seconds (then 3600 again). */
    public void nextTokenLifetime(int seconds) {
        this.nextLifetime = seconds;
    }

    public List<Authorization> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The document the FHIR server publishes at .well-known/smart-configuration. */
    public Map<String, Object> smartConfiguration() {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("issuer", base);
        configuration.put("authorization_endpoint", base + "/auth/authorize");
        configuration.put("token_endpoint", base + "/auth/token");
        configuration.put("grant_types_supported", List.of("authorization_code"));
        configuration.put("code_challenge_methods_supported", List.of("S256"));
        configuration.put("capabilities", List.of("launch-ehr", "launch-standalone", "client-public", "context-ehr-patient",
                "context-standalone-patient", "permission-v2", "permission-v1"));
        configuration.put("scopes_supported", List.of("launch", "launch/patient", "openid", "fhirUser", "patient/*.rs"));
        return configuration;
    }

    private final class AuthorizeServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, String> p = new LinkedHashMap<>();
            request.getParameterMap().forEach((k, v) -> p.put(k, v[0]));
            authorizations.add(new Authorization(p));
            String redirect = p.get("redirect_uri");
            String problem = !"code".equals(p.get("response_type")) ? "response_type must be code"
                    : p.get("client_id") == null ? "client_id missing"
                    : redirect == null ? "redirect_uri missing"
                    : p.get("state") == null ? "state missing"
                    : !fhirBase.equals(p.get("aud")) ? "aud must be the FHIR server the app was launched from"
                    : !"S256".equals(p.get("code_challenge_method")) || p.get("code_challenge") == null ? "PKCE S256 required"
                    : null;
            String patient = p.containsKey("launch") ? launchPatients.get(p.get("launch")) : standalonePatient;
            if (problem == null && patient == null) {
                problem = "unknown launch, and no patient chosen";
            }
            if (problem != null) {
                response.sendError(400, problem);
                return;
            }
            String code = UUID.randomUUID().toString();
            codes.put(code, new Grant(p.get("client_id"), redirect, p.get("code_challenge"), patient, p.get("scope")));
            response.sendRedirect(redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                    + "&state=" + URLEncoder.encode(p.get("state"), StandardCharsets.UTF_8));
        }
    }

    private final class TokenServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Grant grant = codes.remove(String.valueOf(request.getParameter("code")));
            String verifier = request.getParameter("code_verifier");
            if (grant == null || !"authorization_code".equals(request.getParameter("grant_type")) || verifier == null
                    || !grant.challenge().equals(s256(verifier)) || !grant.redirectUri().equals(request.getParameter("redirect_uri"))
                    || !grant.clientId().equals(request.getParameter("client_id"))) {
                response.setStatus(400);
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"invalid_grant\"}");
                return;
            }
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("access_token", accessToken);
            token.put("token_type", "Bearer");
            token.put("expires_in", nextLifetime);
            nextLifetime = 3600;
            token.put("scope", grant.scope());
            token.put("patient", grant.patient());
            if (grant.scope() != null && grant.scope().contains("openid")) {
                // Unsigned: the app takes the ID token from the token endpoint's own answer (see SmartLaunch.practitioner).
                token.put("id_token", new com.nimbusds.jwt.PlainJWT(new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(base)
                        .subject("physio-1").audience(grant.clientId()).claim("fhirUser", fhirBase + "/" + PRACTITIONER)
                        .expirationTime(new java.util.Date(System.currentTimeMillis() + 300_000)).build()).serialize());
            }
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write(json.writeValueAsString(token));
        }
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
