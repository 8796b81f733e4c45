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
 * retrowalk.audit.purge-interval. And bounds the disk whatever the load: past retrowalk.audit.max-records the oldest
 * records are deleted (down to nine tenths of it), with a warning and a metric, checked every
 * retrowalk.audit.size-check-interval. Replicas sharing one database may all purge; deleting twice is harmless.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // its metrics are published from the start, not from its first scheduled run
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final Database database;
    private final Duration retention;
    private final long maxRecords;
    private final java.util.concurrent.atomic.AtomicLong pruned = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong records = new java.util.concurrent.atomic.AtomicLong(-1);

    @Inject
    public Retention(Database database, RetrowalkConfig config, org.retrowalk.cds.platform.ServiceMetrics metrics) {
        Duration retention = config.audit().retention();
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalStateException("retrowalk.audit.retention must be positive");
        }
        if (config.audit().maxRecords() < 1) {
            throw new IllegalStateException("retrowalk.audit.max-records must be positive");
        }
        this.database = database;
        this.retention = retention;
        this.maxRecords = config.audit().maxRecords();
        metrics.auditBound(records::get, pruned::get);
    }

    /**
     * Deletes the oldest audit records past max-records, down to nine tenths of it (so that the bound is not met again
     * at the next call); returns how many were deleted.
     */
    public long bound() throws SQLException {
        return bound(maxRecords);
    }

    /** As bound(), with another maximum (tests). */
    public long bound(long maxRecords) throws SQLException {
        try (Connection connection = database.connection()) {
            long count;
            try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM audit_call");
                 java.sql.ResultSet rows = statement.executeQuery()) {
                rows.next();
                count = rows.getLong(1);
            }
            records.set(count);
            if (count <= maxRecords) {
                return 0;
            }
            long keep = maxRecords - maxRecords / 10;
            long deleted;
            // The received_at of the oldest record kept: everything before it goes (ties at it stay, a handful at most).
            try (PreparedStatement oldestKept = connection.prepareStatement(
                    "SELECT received_at FROM audit_call ORDER BY received_at DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
                oldestKept.setLong(1, keep - 1);
                try (java.sql.ResultSet row = oldestKept.executeQuery()) {
                    if (!row.next()) {
                        return 0;
                    }
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM audit_call WHERE received_at < ?")) {
                        delete.setObject(1, row.getObject(1, OffsetDateTime.class));
                        deleted = delete.executeUpdate();
                    }
                }
            }
            pruned.addAndGet(deleted);
            records.set(count - deleted);
            return deleted;
        }
    }

    @Scheduled(identity = "audit-size", every = "${retrowalk.audit.size-check-interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void boundQuietly() {
        try {
            long deleted = bound();
            if (deleted > 0) {
                LOG.warnf("The audit database reached retrowalk.audit.max-records (%d): the %d oldest records were deleted "
                        + "before their retention period; raise it, or give the database more disk", maxRecords, deleted);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Audit size check failed (%s); next attempt at the next interval", e.getClass().getSimpleName());
        }
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
