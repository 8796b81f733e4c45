package org.retrowalk.cds.operations;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.retrowalk.cds.audit.AuditTrail;
import org.retrowalk.cds.audit.Database;

/**
 * Wellness (/q/health/well), not readiness: the audit database. Cards do not need it (audit records wait in
 * a queue while it is away), so an outage must not take every replica out of the load balancer; but the
 * governance record is at risk, and operators must hear of it.
 */
@Wellness
@ApplicationScoped
public class AuditCheck implements HealthCheck {

    public static final String NAME = "audit database";

    private final Database database;
    private final AuditTrail trail;

    @Inject
    public AuditCheck(Database database, AuditTrail trail) {
        this.database = database;
        this.trail = trail;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("database", database.kind())
                .withData("recordsWritten", trail.written()).withData("recordsWaiting", trail.waiting())
                .withData("recordsLost", trail.lost());
        try (Connection connection = database.connection()) {
            return connection.isValid(2) ? response.up().build() : response.down().withData("error", "connection not valid").build();
        } catch (SQLException e) {
            return response.down().withData("error", "unreachable (SQL state " + e.getSQLState() + ")").build();
        }
    }
}
