package org.retrowalk.cds.platform;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    /** Lets a browser EHR's Resource Timing API read Server-Timing: for the origins CORS allows, as CORS echoes them. */
    private static final String TIMING_ALLOW_ORIGIN = "Timing-Allow-Origin";

    private final List<Pattern> allowedOrigins;

    @Inject
    public ServerTiming(@ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> corsOrigins) {
        // Quarkus' form: a literal origin, or a regular expression between slashes.
        this.allowedOrigins = corsOrigins.orElse(List.of()).stream().map(String::trim).filter(o -> !o.isEmpty())
                .map(o -> o.length() > 1 && o.startsWith("/") && o.endsWith("/") ? Pattern.compile(o.substring(1, o.length() - 1))
                        : Pattern.compile(Pattern.quote(o)))
                .toList();
    }
    private static final String STARTED = ServerTiming.class.getName() + ".started";
    private static final String FHIR_READ = ServerTiming.class.getName() + ".fhir";

    /** How long this request spent reading from the FHIR server. */
    public static void fhirRead(ContainerRequestContext request, long nanos) {
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
        String origin = request.getHeaderString("Origin");
        if (origin != null && allowedOrigins.stream().anyMatch(p -> p.matcher(origin).matches())) {
            response.getHeaders().putSingle(TIMING_ALLOW_ORIGIN, origin);
        }
        String total = "total;dur=" + millis(System.nanoTime() - started);
        response.getHeaders().putSingle(HEADER, request.getProperty(FHIR_READ) instanceof Long fhir
                ? "fhir;dur=" + millis(fhir) + ";desc=\"FHIR server reads\", " + total
                : total);
    }

    /** Milliseconds to the tenth, rounded half up ("12.3"); arithmetic, not String.format, on every answer. */
    static String millis(long nanos) {
        long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }
}
