package org.retrowalk.cds.auth;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.retrowalk.cds.config.AuthSettings;

/**
 * Every call to discovery, the services and the prescription endpoint carries a trusted EHR's JWT, and every
 * call to the governance reports a token from a governance issuer; otherwise 401 (no valid token) or 403
 * (a valid token of the other kind), with no detail. CORS preflights (OPTIONS) carry none and pass.
 */
public class ClientAuthFilter {

    /** The request property holding the authenticated caller's issuer name (for the audit trail). */
    public static final String CLIENT = "retrowalk.client";
    /** RFC 6750: every 401 says how to authenticate, and whether the token given was the problem, nothing more. */
    static final String CHALLENGE = "WWW-Authenticate";
    static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

    @Inject
    JwtAuthenticator authenticator;

    // After matching, not pre-matching: then it runs on the worker thread of the (blocking) endpoint, where checking
    // a jti in the shared database or fetching a JWKS may block; pre-matching filters run on the event loop.
    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        if (!authenticator.enabled() || "OPTIONS".equals(request.getMethod())) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        AuthSettings.Role needed;
        if (path.startsWith("/cds-services") || path.startsWith("/prescriptions")) {
            needed = AuthSettings.Role.EHR;
        } else if (path.startsWith("/governance")) {
            needed = AuthSettings.Role.GOVERNANCE;
        } else {
            return null;
        }
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Response.status(401).header(CHALLENGE, "Bearer").build();
        }
        Optional<JwtAuthenticator.Client> client = authenticator.verify(header.substring(7).trim());
        if (client.isEmpty()) {
            return Response.status(401).header(CHALLENGE, INVALID_TOKEN).build();
        }
        if (client.get().role() != needed) {
            return Response.status(403).build();
        }
        if (!authenticator.audienceFits(client.get(), path)) {
            return Response.status(401).header(CHALLENGE, INVALID_TOKEN).build();
        }
        request.setProperty(CLIENT, client.get().name());
        return null;
    }
}
