package org.retrowalk.cds.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.retrowalk.cds.platform.Uuids;

/**
 * Stores feedback before it is acknowledged: the entries of one request in one committed transaction, each
 * at most once (a repeat of an entry already stored changes nothing). When this returns, the feedback is on
 * disk: PostgreSQL has flushed its WAL, H2 (WRITE_DELAY=0) has written its file.
 */
@ApplicationScoped
public class FeedbackStore {

    private final Database database;

    @Inject
    public FeedbackStore(Database database) {
        this.database = database;
    }

    /** The entries that were new, and how many had been stored before. */
    public record Stored(List<FeedbackEntry> fresh, int duplicates) {
        public int stored() {
            return fresh.size();
        }
    }

    public Stored store(String serviceId, String client, List<FeedbackEntry> entries) throws SQLException {
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        List<FeedbackEntry> fresh = new java.util.ArrayList<>();
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO feedback (feedback_id, entry_key, received_at, "
                    + "service_id, client, card_uuid, outcome, outcome_at, accepted_suggestions, reason_system, reason_code, reason_display, "
                    + "user_comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (FeedbackEntry entry : entries) {
                    insert.setObject(1, Uuids.timeOrdered());
                    insert.setString(2, entry.key());
                    insert.setObject(3, now);
                    insert.setString(4, serviceId);
                    insert.setString(5, client);
                    insert.setObject(6, entry.card());
                    insert.setString(7, entry.outcome().code());
                    insert.setObject(8, OffsetDateTime.ofInstant(entry.outcomeAt(), ZoneOffset.UTC));
                    insert.setString(9, entry.acceptedSuggestions().isEmpty() ? null
                            : entry.acceptedSuggestions().stream().map(UUID::toString).collect(Collectors.joining(" ")));
                    insert.setString(10, entry.reasonSystem());
                    insert.setString(11, entry.reasonCode());
                    insert.setString(12, entry.reasonDisplay());
                    insert.setString(13, entry.userComment());
                    if (insert.executeUpdate() > 0) {
                        fresh.add(entry);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return new Stored(List.copyOf(fresh), entries.size() - fresh.size());
    }
}
