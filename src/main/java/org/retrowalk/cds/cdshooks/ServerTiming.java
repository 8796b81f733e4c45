package org.retrowalk.cds.cdshooks;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The W3C Server-Timing header on every answer: "total", the time from the request's arrival to its answer,
 * and on CDS calls whose record was read from the EHR's FHIR server, "fhir", how long those reads took (all
 * queries in parallel). An integration engineer can then tell a slow FHIR server from a slow service from
 * the EHR's side, and the load benchmark sets the service's own time against the FHIR server's. Durations
 * only: nothing about the patient or the caller.
 */
public class ServerTiming {

    private static final String HEADER = "Server-Timing";
    private static final String STARTED = ServerTiming.class.getName() + ".started";
    private static final String FHIR_READ = ServerTiming.class.getName() + ".fhir";

    /** How long this request spent reading from the FHIR server. */
    static void fhirRead(ContainerRequestContext request, long nanos) {
        if (nanos > 0) {
            request.setProperty(FHIR_READ, nanos);
        }
    }

    // Before everything else, client authentication included, so that "total" is all of our time.
    @ServerRequestFilter(preMatching = true, priority = 0)
    public void start(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void answer(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED) instanceof Long started)) {
            return;
        }
        String total = "total;dur=" + millis(System.nanoTime() - started);
        response.getHeaders().putSingle(HEADER, request.getProperty(FHIR_READ) instanceof Long fhir
                ? "fhir;dur=" + millis(fhir) + ";desc=\"FHIR server reads\", " + total
                : total);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
