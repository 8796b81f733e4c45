package org.retrowalk.cds.record;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.retrowalk.cds.config.FhirReadSettings;
import org.retrowalk.cds.platform.CircuitBreaker;
import org.retrowalk.cds.platform.FhirServerBases;
import org.retrowalk.cds.platform.ServiceMetrics;

/**
 * One circuit breaker per FHIR server: per configured base (retrowalk.auth.*fhir-servers) the URL lies under, else
 * per scheme, host and port. Keyed by the full URL string, every sub-path of an allowed base would have a fresh
 * breaker, and a caller could dodge an open one by spelling the base another way.
 */
@Singleton
public class CircuitBreakers {

    private final FhirReadSettings settings;
    private final ServiceMetrics metrics;
    private final FhirServerBases bases;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    @Inject
    public CircuitBreakers(FhirReadSettings settings, ServiceMetrics metrics, FhirServerBases bases) {
        this.settings = settings;
        this.metrics = metrics;
        this.bases = bases;
    }

    public CircuitBreaker forBase(String base) {
        String normalized = keyOf(base);
        if (!breakers.containsKey(normalized) && breakers.size() >= settings.circuitBreaker().maxServers()) {
            // a closed breaker holds at most a few recent failures: forgetting it costs little; an open one is kept
            breakers.values().removeIf(b -> b.state() == CircuitBreaker.State.CLOSED);
            metrics.keepCircuitBreakers(servers());
        }
        return breakers.computeIfAbsent(normalized, b -> {
            CircuitBreaker breaker = new CircuitBreaker(settings.circuitBreaker().failureThreshold(),
                    settings.circuitBreaker().openFor(), System::nanoTime);
            // one gauge per server (several bases can share one): the worst of its breakers, asked of this map
            // rather than of the breaker, so that reset() shows as closed
            String server = ServiceMetrics.server(b);
            metrics.circuitBreaker(server, () -> breakers.entrySet().stream().filter(e -> ServiceMetrics.server(e.getKey()).equals(server))
                    .mapToInt(e -> gaugeValue(e.getValue())).max().orElse(0));
            return breaker;
        });
    }

    /** How many FHIR server bases have a breaker just now. */
    public int tracked() {
        return breakers.size();
    }

    /** Whether any FHIR server is cut off just now (the wellness check reports it). */
    public java.util.List<String> open() {
        return breakers.entrySet().stream().filter(e -> e.getValue().state() == CircuitBreaker.State.OPEN)
                .map(e -> ServiceMetrics.server(e.getKey())).sorted().toList();
    }

    private static int gaugeValue(CircuitBreaker breaker) {
        return switch (breaker.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    /** Forget every breaker's state (operators, after fixing a server; tests, between scenarios). */
    public void reset() {
        breakers.clear();
        metrics.keepCircuitBreakers(servers());
    }

    private java.util.Set<String> servers() {
        return breakers.keySet().stream().map(ServiceMetrics::server).collect(java.util.stream.Collectors.toSet());
    }

    /** The breaker's key: the configured base the URL is under, or its scheme, host and port. */
    String keyOf(String base) {
        return bases.baseOf(base).orElseGet(() -> origin(base));
    }

    static String origin(String base) {
        try {
            java.net.URI uri = java.net.URI.create(base);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(java.util.Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }

    static String normalize(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
