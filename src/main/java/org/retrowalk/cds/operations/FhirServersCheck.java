package org.retrowalk.cds.operations;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.retrowalk.cds.record.CircuitBreakers;

/**
 * Wellness (/q/health/well): whether an EHR's FHIR server is cut off by its circuit breaker. The service still
 * answers (from the prefetch, more cautiously), so this is for the operator's attention, not the load balancer's.
 */
@Wellness
@ApplicationScoped
public class FhirServersCheck implements HealthCheck {

    public static final String NAME = "FHIR servers";

    private final CircuitBreakers breakers;

    @Inject
    public FhirServersCheck(CircuitBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> open = breakers.open();
        if (open.isEmpty()) {
            return HealthCheckResponse.named(NAME).up().withData("serversTracked", breakers.tracked()).build();
        }
        return HealthCheckResponse.named(NAME).down().withData("serversTracked", breakers.tracked())
                .withData("circuitOpen", String.join(", ", open)).build();
    }
}
