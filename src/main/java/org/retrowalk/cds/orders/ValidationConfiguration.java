package org.retrowalk.cds.orders;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.terminology.Terminology;

/**
 * The profile validator, built once. Building it and its first validation load US Core and generate
 * snapshots (about 10 s cold): that happens in the background after start-up, so the CDS services, which do
 * not need the validator, are ready at once, and prescription validation is fast from its first real call on.
 */
@ApplicationScoped
public class ValidationConfiguration {

    private static final Logger LOG = Logger.getLogger(ValidationConfiguration.class);

    @Produces
    @Singleton
    ProfileValidator profileValidator(FhirContext fhir, RetrowalkConfig config) {
        return new ProfileValidator(fhir, config.terminology().directory().map(Terminology.Source::directory).orElse(Terminology.Source.classpath()));
    }

    @Produces
    @Singleton
    org.retrowalk.cds.orders.OrderCheck orderCheck(org.retrowalk.cds.terminology.Terminology terminology,
                                                         org.retrowalk.cds.parameters.ClinicalParameters parameters) {
        return new OrderCheck(terminology.get(org.retrowalk.cds.terminology.ClinicalValueSet.BACKWARD_WALKING_ORDER), parameters);
    }

    /**
     * Builds the validator (loading US Core) and validates once, on another thread, after the CDS services'
     * own warm-up (a later observer priority): start-up does not wait, and the two do not fight for the CPU.
     * With retrowalk.validation.warm-up=false the validator is built on the first $validate instead, and
     * its memory is spent only by deployments that use it.
     */
    void warmUp(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event,
                jakarta.inject.Provider<ProfileValidator> validators,
                RetrowalkConfig config) {
        if (!config.validation().warmUp()) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            // Every line of ours names what it belongs to: this one belongs to no request.
            org.jboss.logging.MDC.put("requestId", "validator-warm-up");
            long started = System.nanoTime();
            ProfileValidator validator = validators.get();
            ServiceRequest order = new ServiceRequest();
            order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
            order.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
            validator.validate(order, ProfileValidator.PRESCRIPTION_PROFILE);
            validator.validate(order, ProfileValidator.US_CORE_SERVICE_REQUEST);
            LOG.infof("Profile validator warmed up in %d ms", (System.nanoTime() - started) / 1_000_000);
            org.jboss.logging.MDC.remove("requestId");
        });
    }
}
