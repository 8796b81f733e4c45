package org.retrowalk.cds.governance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.retrowalk.cds.audit.Database;
import org.retrowalk.cds.audit.FeedbackOutcome;

/**
 * What governance reads from the audit trail: cards shown in a period and how clinicians answered them, by
 * decision outcome, by rule and by service, and the feedback itself. Counting is done by the database.
 *
 * <p>A card counts as accepted if any feedback accepted one of its suggestions, and as overridden if any
 * feedback overrode it (a card can be both, first overridden then accepted). Override reasons count cards,
 * once per reason given.
 */
@ApplicationScoped
public class GovernanceQueries {

    private static final String SHOWN = "WITH shown AS (SELECT c.card_uuid, k.service_id, c.outcome, "
            + "CASE WHEN EXISTS (SELECT 1 FROM feedback f WHERE f.card_uuid = c.card_uuid AND f.outcome = 'accepted') THEN 1 ELSE 0 END AS accepted, "
            + "CASE WHEN EXISTS (SELECT 1 FROM feedback f WHERE f.card_uuid = c.card_uuid AND f.outcome = 'overridden') THEN 1 ELSE 0 END AS overridden "
            + "FROM audit_card c JOIN audit_call k ON k.call_id = c.call_id WHERE k.received_at >= ? AND k.received_at < ?) ";
    private static final String CARD_COUNTS = SHOWN
            + "SELECT 'outcome' AS dimension, outcome AS group_key, COUNT(*), SUM(accepted), SUM(overridden) FROM shown GROUP BY outcome "
            + "UNION ALL SELECT 'service', service_id, COUNT(*), SUM(accepted), SUM(overridden) FROM shown GROUP BY service_id "
            + "UNION ALL SELECT 'rule', r.rule_id, COUNT(*), SUM(s.accepted), SUM(s.overridden) FROM shown s "
            + "JOIN audit_card_rule r ON r.card_uuid = s.card_uuid GROUP BY r.rule_id";
    private static final String REASON_COUNTS = "WITH reasons AS (SELECT DISTINCT c.card_uuid, k.service_id, c.outcome, "
            + "COALESCE(f.reason_system, '') AS reason_system, COALESCE(f.reason_code, '') AS reason_code "
            + "FROM feedback f JOIN audit_card c ON c.card_uuid = f.card_uuid JOIN audit_call k ON k.call_id = c.call_id "
            + "WHERE f.outcome = 'overridden' AND k.received_at >= ? AND k.received_at < ?) "
            + "SELECT 'outcome' AS dimension, outcome AS group_key, reason_system, reason_code, COUNT(*) FROM reasons "
            + "GROUP BY outcome, reason_system, reason_code "
            + "UNION ALL SELECT 'service', service_id, reason_system, reason_code, COUNT(*) FROM reasons "
            + "GROUP BY service_id, reason_system, reason_code "
            + "UNION ALL SELECT 'rule', r.rule_id, x.reason_system, x.reason_code, COUNT(*) FROM reasons x "
            + "JOIN audit_card_rule r ON r.card_uuid = x.card_uuid GROUP BY r.rule_id, x.reason_system, x.reason_code";
    private static final String REASON_DISPLAYS = "SELECT reason_system, reason_code, MAX(reason_display) FROM feedback "
            + "WHERE reason_code IS NOT NULL AND received_at >= ? GROUP BY reason_system, reason_code";
    private static final String CALL_COUNTS = "SELECT http_status, outcome, data_complete, COUNT(*) FROM audit_call "
            + "WHERE received_at >= ? AND received_at < ? GROUP BY http_status, outcome, data_complete";
    private static final String UNCLASSIFIED = "SELECT unclassified_codes FROM audit_call "
            + "WHERE received_at >= ? AND received_at < ? AND unclassified_codes IS NOT NULL";
    private static final String FEEDBACK_COUNTS = "SELECT f.outcome, CASE WHEN EXISTS (SELECT 1 FROM audit_card c WHERE c.card_uuid = f.card_uuid) "
            + "THEN 1 ELSE 0 END AS known, COUNT(*) FROM feedback f WHERE f.received_at >= ? AND f.received_at < ? GROUP BY f.outcome, known";
    private static final String FEEDBACK_LIST = "SELECT f.received_at, f.outcome_at, f.service_id, f.client, f.card_uuid, c.outcome, c.indicator, "
            + "k.rules_fired, k.rule_set_version, f.outcome, f.accepted_suggestions, f.reason_system, f.reason_code, f.reason_display, f.user_comment "
            + "FROM feedback f LEFT JOIN audit_card c ON c.card_uuid = f.card_uuid LEFT JOIN audit_call k ON k.call_id = c.call_id "
            + "WHERE f.received_at >= ? AND f.received_at < ? AND (? IS NULL OR f.outcome = ?) ORDER BY f.received_at, f.feedback_id LIMIT ?";

    private final Database database;

    @Inject
    public GovernanceQueries(Database database) {
        this.database = database;
    }

    /** Cards shown, accepted and overridden for one value of one dimension (an outcome, a rule, a service). */
    public record CardCounts(long shown, long accepted, long overridden, List<ReasonCount> overrideReasons) {}

    /** Cards overridden with one reason; no system and code for an override without a reason. */
    public record ReasonCount(String system, String code, String display, long cards) {}

    /** Calls in the period: by HTTP status, by the decision's outcome, and how many rested on an incomplete record. */
    public record CallCounts(long total, Map<Integer, Long> byStatus, Map<String, Long> byOutcome, long dataIncomplete) {}

    /** Feedback received in the period, and how much of it names a card the audit trail does not know. */
    public record FeedbackCounts(long accepted, long overridden, long forUnknownCards) {}

    public record Counts(CallCounts calls, Map<String, Map<String, CardCounts>> cards, FeedbackCounts feedback,
                         List<UnclassifiedCount> unclassifiedCodes) {}

    /** Coded facts in a code system the service could not classify: how many, in how many calls (section 3a). */
    public record UnclassifiedCount(String resourceType, String system, long codes, long calls) {}

    /** One feedback entry with the card it answers (null card fields when the card is not in the audit trail). */
    public record FeedbackRow(Instant receivedAt, Instant outcomeAt, String serviceId, String client, String card, String cardOutcome,
                              String indicator, List<String> rules, String ruleSetVersion, String outcome, List<String> acceptedSuggestions,
                              String reasonSystem, String reasonCode, String reasonDisplay, String userComment) {}

    /** Counts for the cards shown and calls made in [from, to), and for feedback received in it. */
    public Counts counts(Instant from, Instant to) throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setReadOnly(true);
            Map<String, Map<String, long[]>> cardTotals = new LinkedHashMap<>();
            for (String dimension : List.of("outcome", "rule", "service")) {
                cardTotals.put(dimension, new TreeMap<>());
            }
            try (PreparedStatement query = range(connection, CARD_COUNTS, from, to); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    cardTotals.get(rows.getString(1)).put(rows.getString(2), new long[] {rows.getLong(3), rows.getLong(4), rows.getLong(5)});
                }
            }
            Map<String, String> displays = new LinkedHashMap<>();
            try (PreparedStatement query = connection.prepareStatement(REASON_DISPLAYS)) {
                query.setObject(1, utc(from));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        displays.put(rows.getString(1) + "|" + rows.getString(2), rows.getString(3));
                    }
                }
            }
            Map<String, Map<String, List<ReasonCount>>> reasons = new LinkedHashMap<>();
            try (PreparedStatement query = range(connection, REASON_COUNTS, from, to); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String system = rows.getString(3).isEmpty() ? null : rows.getString(3);
                    String code = rows.getString(4).isEmpty() ? null : rows.getString(4);
                    reasons.computeIfAbsent(rows.getString(1), d -> new LinkedHashMap<>())
                            .computeIfAbsent(rows.getString(2), k -> new ArrayList<>())
                            .add(new ReasonCount(system, code, displays.get(system + "|" + code), rows.getLong(5)));
                }
            }
            Map<String, Map<String, CardCounts>> cards = new LinkedHashMap<>();
            cardTotals.forEach((dimension, groups) -> {
                Map<String, CardCounts> counted = new TreeMap<>();
                groups.forEach((key, n) -> {
                    List<ReasonCount> given = new ArrayList<>(reasons.getOrDefault(dimension, Map.of()).getOrDefault(key, List.of()));
                    given.sort((a, b) -> a.cards() != b.cards() ? Long.compare(b.cards(), a.cards())
                            : String.valueOf(a.code()).compareTo(String.valueOf(b.code())));
                    counted.put(key, new CardCounts(n[0], n[1], n[2], given));
                });
                cards.put(dimension, counted);
            });
            return new Counts(calls(connection, from, to), cards, feedback(connection, from, to), unclassified(connection, from, to));
        }
    }

    /** Feedback received in [from, to), oldest first, at most {@code limit} entries; {@code outcome} null for both kinds. */
    public List<FeedbackRow> feedback(Instant from, Instant to, String outcome, int limit) throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setReadOnly(true);
            try (PreparedStatement query = range(connection, FEEDBACK_LIST, from, to)) {
                query.setString(3, outcome);
                query.setString(4, outcome);
                query.setInt(5, limit);
                List<FeedbackRow> result = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        result.add(new FeedbackRow(instant(rows, 1), instant(rows, 2), rows.getString(3), rows.getString(4),
                                rows.getString(5), rows.getString(6), rows.getString(7), split(rows.getString(8)), rows.getString(9),
                                rows.getString(10), split(rows.getString(11)), rows.getString(12), rows.getString(13), rows.getString(14),
                                rows.getString(15)));
                    }
                }
                return result;
            }
        }
    }

    private static CallCounts calls(Connection connection, Instant from, Instant to) throws SQLException {
        long total = 0;
        long incomplete = 0;
        Map<Integer, Long> byStatus = new TreeMap<>();
        Map<String, Long> byOutcome = new TreeMap<>();
        try (PreparedStatement query = range(connection, CALL_COUNTS, from, to); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long n = rows.getLong(4);
                total += n;
                byStatus.merge(rows.getInt(1), n, Long::sum);
                if (rows.getString(2) != null) {
                    byOutcome.merge(rows.getString(2), n, Long::sum);
                }
                Object complete = rows.getObject(3);
                if (Boolean.FALSE.equals(complete)) {
                    incomplete += n;
                }
            }
        }
        return new CallCounts(total, byStatus, byOutcome, incomplete);
    }

    private static List<UnclassifiedCount> unclassified(Connection connection, Instant from, Instant to) throws SQLException {
        Map<String, long[]> totals = new TreeMap<>();
        try (PreparedStatement query = range(connection, UNCLASSIFIED, from, to); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                for (String entry : split(rows.getString(1))) {
                    int last = entry.lastIndexOf('|');
                    if (last > 0) {
                        long[] n = totals.computeIfAbsent(entry.substring(0, last), k -> new long[2]);
                        n[0] += Long.parseLong(entry.substring(last + 1));
                        n[1]++;
                    }
                }
            }
        }
        List<UnclassifiedCount> counts = new ArrayList<>();
        totals.forEach((key, n) -> {
            int bar = key.indexOf('|');
            counts.add(new UnclassifiedCount(key.substring(0, bar), key.substring(bar + 1), n[0], n[1]));
        });
        counts.sort((a, b) -> Long.compare(b.codes(), a.codes()));
        return counts;
    }

    private static FeedbackCounts feedback(Connection connection, Instant from, Instant to) throws SQLException {
        long accepted = 0;
        long overridden = 0;
        long unknown = 0;
        try (PreparedStatement query = range(connection, FEEDBACK_COUNTS, from, to); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long n = rows.getLong(3);
                if (FeedbackOutcome.ACCEPTED.code().equals(rows.getString(1))) {
                    accepted += n;
                } else {
                    overridden += n;
                }
                if (rows.getInt(2) == 0) {
                    unknown += n;
                }
            }
        }
        return new FeedbackCounts(accepted, overridden, unknown);
    }

    private static PreparedStatement range(Connection connection, String sql, Instant from, Instant to) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setObject(1, utc(from));
        statement.setObject(2, utc(to));
        return statement;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(" "));
    }
}
