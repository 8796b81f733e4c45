package org.retrowalk.cds.audit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.RetrowalkConfig;

/**
 * Deletes audit records and feedback older than retrowalk.audit.retention: a minute after start, then every
 * retrowalk.audit.purge-interval. Replicas sharing one database may all purge; deleting twice is harmless.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final Database database;
    private final Duration retention;

    @Inject
    public Retention(Database database, RetrowalkConfig config) {
        Duration retention = config.audit().retention();
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalStateException("retrowalk.audit.retention must be positive");
        }
        this.database = database;
        this.retention = retention;
    }

    public Duration retention() {
        return retention;
    }

    /** Deletes what is older than the retention period as of {@code now}; returns the calls and feedback entries deleted. */
    public long[] purge(Instant now) throws SQLException {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(retention), ZoneOffset.UTC);
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement calls = connection.prepareStatement("DELETE FROM audit_call WHERE received_at < ?");
                 PreparedStatement feedback = connection.prepareStatement("DELETE FROM feedback WHERE received_at < ?")) {
                calls.setObject(1, cutoff);
                feedback.setObject(1, cutoff);
                long[] deleted = {calls.executeUpdate(), feedback.executeUpdate()};
                connection.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @Scheduled(identity = "audit-retention", every = "${retrowalk.audit.purge-interval}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeQuietly() {
        try {
            long[] deleted = purge(Instant.now());
            if (deleted[0] + deleted[1] > 0) {
                LOG.infof("Retention (%d days): deleted %d audit records and %d feedback entries", retention.toDays(), deleted[0], deleted[1]);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Retention purge failed (%s); next attempt at the next interval", e.getClass().getSimpleName());
        }
    }
}
