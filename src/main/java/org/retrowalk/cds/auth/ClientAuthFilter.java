package org.retrowalk.cds.auth;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every call to discovery, the services and the prescription endpoint carries a trusted EHR's JWT, or gets
 * 401 with no detail. CORS preflights (OPTIONS) carry none and pass.
 */
public class ClientAuthFilter {

    @Inject
    JwtAuthenticator authenticator;

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (!authenticator.enabled() || "OPTIONS".equals(request.getMethod())) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/cds-services") && !path.startsWith("/prescriptions")) {
            return null;
        }
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Response.status(401).build();
        }
        return authenticator.verify(header.substring(7).trim()).isPresent() ? null : Response.status(401).build();
    }
}
