package org.retrowalk.cds.operations;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.retrowalk.cds.audit.AuditTrail;
import org.retrowalk.cds.platform.ServiceMetrics;

/** Publishes the audit trail's counts from the start, so that an alert on lost records has a series to watch. */
@ApplicationScoped
public class AuditMetrics {

    void register(@Observes StartupEvent event, ServiceMetrics metrics, AuditTrail trail) {
        metrics.auditTrail(trail::written, trail::lost, () -> trail.waiting());
    }
}
