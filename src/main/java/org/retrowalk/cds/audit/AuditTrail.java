package org.retrowalk.cds.audit;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.RetrowalkConfig;

/**
 * Writes call records off the request path: a call hands its record to a bounded queue and answers at once;
 * one writer thread stores them in batches (whatever arrived within retrowalk.audit.linger), one transaction each. A failing database is retried with
 * back-off while the queue absorbs new records; only when the queue is full are records lost, and every
 * loss is counted and logged. A clinician's answer never waits for, or fails because of, the audit trail.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Database database;
    private final BlockingQueue<CallRecord> queue;
    private final int batchSize;
    private final Duration linger;
    private final Thread writer;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean running = true;

    @Inject
    public AuditTrail(Database database, RetrowalkConfig config) {
        int capacity = config.audit().queueCapacity();
        int batchSize = config.audit().batchSize();
        Duration linger = config.audit().linger();
        this.database = database;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.linger = linger;
        this.writer = new Thread(this::writeUntilStopped, "audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Never blocks: a full queue (the database down for long) loses the record, counted and logged. */
    public void record(CallRecord call) {
        accepted.incrementAndGet();
        if (!queue.offer(call)) {
            long n = lost.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.errorf("Audit queue full (%d records waiting for the database): %d audit records lost so far", queue.size(), n);
            }
        }
    }

    /** Waits until every record handed over before this call is written or lost; false on timeout. */
    public boolean flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.get() + lost.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public long written() {
        return written.get();
    }

    public long lost() {
        return lost.get();
    }

    public int waiting() {
        return queue.size();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        try {
            writer.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.errorf("Stopped with %d audit records not written", queue.size());
        }
    }

    private void writeUntilStopped() {
        List<CallRecord> batch = new ArrayList<>(batchSize);
        Duration backoff = Duration.ofMillis(500);
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    CallRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                    if (batch.size() < batchSize && running && !linger.isZero()) {
                        // a moment for more records: one transaction for many calls costs the database, and the
                        // cores the answers need, far less than one per call
                        Thread.sleep(linger.toMillis());
                        queue.drainTo(batch, batchSize - batch.size());
                    }
                }
                writeOrSplit(batch);
                batch.clear();
                backoff = Duration.ofMillis(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    lost.addAndGet(batch.size());
                    LOG.errorf("Audit database unavailable at shutdown (%s): %d audit records lost", e.getClass().getSimpleName(), batch.size());
                    batch.clear();
                    continue;
                }
                LOG.warnf("Audit database write failed (%s, SQL state %s); %d records kept, retrying in %d ms", e.getClass().getSimpleName(),
                        e instanceof SQLException sql ? sql.getSQLState() : "-", batch.size() + queue.size(), backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * A batch the database refuses for its content (SQL state class 22 or 23: a value it cannot take) would be
     * refused forever: it is written one record at a time, and only the refused records are lost.
     */
    private void writeOrSplit(List<CallRecord> batch) throws SQLException {
        try {
            write(batch);
            written.addAndGet(batch.size());
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!state.startsWith("22") && !state.startsWith("23")) {
                throw e;
            }
            for (CallRecord call : batch) {
                try {
                    write(List.of(call));
                    written.incrementAndGet();
                } catch (SQLException refused) {
                    lost.incrementAndGet();
                    LOG.errorf("Audit record for call %s refused by the database (SQL state %s): lost", call.callId(), refused.getSQLState());
                }
            }
        }
    }

    private void write(List<CallRecord> batch) throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement calls = connection.prepareStatement("INSERT INTO audit_call (call_id, received_at, service_id, hook, "
                    + "hook_instance, patient_hash, client, rule_set_version, http_status, outcome, rules_fired, data_complete, unread_sources, "
                    + "latency_micros, unclassified_codes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement cards = connection.prepareStatement(
                         "INSERT INTO audit_card (card_uuid, call_id, indicator, outcome, suggestion_uuids) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement rules = connection.prepareStatement("INSERT INTO audit_card_rule (card_uuid, rule_id) VALUES (?, ?)")) {
                boolean anyCard = false;
                boolean anyRule = false;
                for (CallRecord call : batch) {
                    calls.setObject(1, call.callId());
                    calls.setObject(2, OffsetDateTime.ofInstant(call.receivedAt(), ZoneOffset.UTC));
                    calls.setString(3, call.serviceId());
                    calls.setString(4, call.hook());
                    calls.setString(5, call.hookInstance());
                    calls.setString(6, call.patientHash());
                    calls.setString(7, call.client());
                    calls.setString(8, call.ruleSetVersion());
                    calls.setInt(9, call.httpStatus());
                    calls.setString(10, call.outcome());
                    calls.setString(11, joined(call.rulesFired()));
                    if (call.dataComplete() == null) {
                        calls.setNull(12, Types.BOOLEAN);
                    } else {
                        calls.setBoolean(12, call.dataComplete());
                    }
                    calls.setString(13, joined(call.unreadSources()));
                    calls.setInt(14, (int) Math.min(Integer.MAX_VALUE, call.latencyMicros()));
                    calls.setString(15, unclassified(call.unclassifiedCodes()));
                    calls.addBatch();
                    for (CallRecord.CardRecord card : call.cards()) {
                        cards.setObject(1, card.cardUuid());
                        cards.setObject(2, call.callId());
                        cards.setString(3, card.indicator());
                        cards.setString(4, card.outcome());
                        cards.setString(5, joined(card.suggestionUuids()));
                        cards.addBatch();
                        anyCard = true;
                        for (String rule : card.rules()) {
                            rules.setObject(1, card.cardUuid());
                            rules.setString(2, rule);
                            rules.addBatch();
                            anyRule = true;
                        }
                    }
                }
                calls.executeBatch();
                if (anyCard) {
                    cards.executeBatch();
                }
                if (anyRule) {
                    rules.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** "Condition|http://x|3 Device|(text only)|1", cut at whole entries to fit the column. */
    static String unclassified(List<CallRecord.UnclassifiedCodes> codes) {
        StringBuilder joined = new StringBuilder();
        for (CallRecord.UnclassifiedCodes code : codes) {
            String entry = code.resourceType() + "|" + code.system().replace(' ', '_') + "|" + code.count();
            if (joined.length() + entry.length() + 1 > 1000) {
                break;
            }
            joined.append(joined.isEmpty() ? "" : " ").append(entry);
        }
        return joined.isEmpty() ? null : joined.toString();
    }

    static String joined(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(" ", values);
    }
}
