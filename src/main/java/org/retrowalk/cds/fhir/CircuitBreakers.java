package org.retrowalk.cds.fhir;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One circuit breaker per FHIR server base URL. */
@Singleton
public class CircuitBreakers {

    private final FhirReadSettings settings;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    @Inject
    public CircuitBreakers(FhirReadSettings settings) {
        this.settings = settings;
    }

    public CircuitBreaker forBase(String base) {
        return breakers.computeIfAbsent(normalize(base), b -> new CircuitBreaker(settings.circuitBreaker().failureThreshold(),
                settings.circuitBreaker().openFor(), System::nanoTime));
    }

    /** Forget every breaker's state (operators, after fixing a server; tests, between scenarios). */
    public void reset() {
        breakers.clear();
    }

    static String normalize(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
