package org.retrowalk.cds.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Names every request in the log (requestId, and serviceId for the CDS services) and in the response
 * (X-Request-Id): an EHR's own request id is kept when it is a plain token, else one is made.
 */
public class RequestContextFilter {

    static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void name(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String requestId = given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setProperty(HEADER, requestId);
        MDC.put("requestId", requestId);
        String path = request.getUriInfo().getPath();
        String service = path.startsWith("/cds-services/") ? path.substring("/cds-services/".length()).split("/")[0]
                : path.startsWith("/prescriptions") ? "prescriptions" : path.equals("/cds-services") ? "discovery"
                : path.startsWith("/governance") ? "governance" : "-";
        MDC.put("serviceId", SAFE_ID.matcher(service).matches() ? service : "-");
    }

    @ServerResponseFilter
    public void answer(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(HEADER);
        if (requestId != null) {
            response.getHeaders().putSingle(HEADER, requestId);
        }
    }
}
