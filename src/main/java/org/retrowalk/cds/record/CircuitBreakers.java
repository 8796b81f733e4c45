package org.retrowalk.cds.record;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.retrowalk.cds.config.FhirReadSettings;
import org.retrowalk.cds.platform.CircuitBreaker;
import org.retrowalk.cds.platform.ServiceMetrics;

/** One circuit breaker per FHIR server base URL. */
@Singleton
public class CircuitBreakers {

    private final FhirReadSettings settings;
    private final ServiceMetrics metrics;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    @Inject
    public CircuitBreakers(FhirReadSettings settings, ServiceMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    public CircuitBreaker forBase(String base) {
        String normalized = normalize(base);
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

    static String normalize(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
