package org.retrowalk.cds.governance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A minimal OpenID Connect provider, in test code because none can run here (Keycloak and the like need Docker or a
 * download outside Maven Central). It publishes discovery and its keys, approves every authorization request at
 * once for the user set by {@link #signInAs} (as a hospital's identity provider does for a user already signed in)
 * after checking what the flow requires (response_type code, client id, redirect URI, state, nonce, a PKCE S256
 * challenge), and exchanges a code only with the matching code_verifier for an RS256 ID token carrying the nonce.
 * {@link #forgeNextToken} makes it sign the next ID token with a key it does not publish.
 */
final class TestOidcProvider {

    record User(String subject, String name, List<String> roles) {}

    private record Grant(String clientId, String redirectUri, String challenge, String nonce, User user) {}

    private final Server jetty;
    private final String base;
    private final RSAKey key;
    private final RSAKey stranger;
    private final String clientId;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private volatile User user = new User("u-1", "Grace Governance", List.of("governance"));
    private volatile boolean forge;
    volatile int tokenRequests;

    TestOidcProvider(int port, String clientId) throws Exception {
        this.clientId = clientId;
        key = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Discovery()), "/.well-known/openid-configuration");
        context.addServlet(new ServletHolder(new Keys()), "/jwks");
        context.addServlet(new ServletHolder(new Authorize()), "/authorize");
        context.addServlet(new ServletHolder(new Token()), "/token");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    String issuer() {
        return base;
    }

    void stop() throws Exception {
        jetty.stop();
    }

    void signInAs(User next) {
        user = next;
    }

    void forgeNextToken() {
        forge = true;
    }

    private void write(HttpServletResponse response, Object body) throws IOException {
        response.setContentType("application/json");
        response.getWriter().write(body instanceof String s ? s : json.writeValueAsString(body));
    }

    private final class Discovery extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("issuer", base);
            metadata.put("authorization_endpoint", base + "/authorize");
            metadata.put("token_endpoint", base + "/token");
            metadata.put("jwks_uri", base + "/jwks");
            metadata.put("response_types_supported", List.of("code"));
            metadata.put("subject_types_supported", List.of("public"));
            metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
            metadata.put("code_challenge_methods_supported", List.of("S256"));
            write(response, metadata);
        }
    }

    private final class Keys extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, new JWKSet(key.toPublicJWK()).toString());
        }
    }

    private final class Authorize extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, String> p = new LinkedHashMap<>();
            request.getParameterMap().forEach((k, v) -> p.put(k, v[0]));
            String redirect = p.get("redirect_uri");
            String problem = !"code".equals(p.get("response_type")) ? "response_type must be code"
                    : !clientId.equals(p.get("client_id")) ? "unknown client"
                    : redirect == null ? "redirect_uri missing"
                    : p.get("state") == null ? "state missing"
                    : p.get("nonce") == null ? "nonce missing"
                    : p.get("scope") == null || !List.of(p.get("scope").split(" ")).contains("openid") ? "scope must include openid"
                    : !"S256".equals(p.get("code_challenge_method")) || p.get("code_challenge") == null ? "PKCE S256 required"
                    : null;
            if (problem != null) {
                response.sendError(400, problem);
                return;
            }
            String code = UUID.randomUUID().toString();
            codes.put(code, new Grant(p.get("client_id"), redirect, p.get("code_challenge"), p.get("nonce"), user));
            response.sendRedirect(redirect + "?code=" + code + "&state=" + URLEncoder.encode(p.get("state"), StandardCharsets.UTF_8));
        }
    }

    private final class Token extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            tokenRequests++;
            Grant grant = codes.remove(String.valueOf(request.getParameter("code")));
            String verifier = request.getParameter("code_verifier");
            if (grant == null || verifier == null || !grant.challenge().equals(s256(verifier))
                    || !grant.redirectUri().equals(request.getParameter("redirect_uri")) || !grant.clientId().equals(request.getParameter("client_id"))) {
                response.setStatus(400);
                write(response, Map.of("error", "invalid_grant"));
                return;
            }
            try {
                Date now = new Date();
                JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(base).subject(grant.user().subject()).audience(clientId)
                        .issueTime(now).expirationTime(new Date(now.getTime() + 300_000)).claim("nonce", grant.nonce())
                        .claim("name", grant.user().name()).claim("roles", grant.user().roles()).build();
                SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("idp-1").type(JOSEObjectType.JWT).build(), claims);
                idToken.sign(new RSASSASigner(forge ? stranger : key));
                forge = false;
                write(response, Map.of("access_token", UUID.randomUUID().toString(), "token_type", "Bearer", "expires_in", 300,
                        "id_token", idToken.serialize()));
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
