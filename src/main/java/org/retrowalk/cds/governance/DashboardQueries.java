package org.retrowalk.cds.governance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.retrowalk.cds.audit.Database;

/**
 * What the dashboard plots beyond the report's counts: calls and cards per day by outcome, latency percentiles per
 * service, and why records were incomplete. Days are UTC days; the database counts and ranks, on PostgreSQL and on
 * H2 alike.
 */
@ApplicationScoped
public class DashboardQueries {

    /** A call without a decision: refused (4xx), failed, or answered before rules ran. */
    public static final String NO_DECISION = "NO_DECISION";

    private static final String DAY = "CAST((k.received_at AT TIME ZONE 'UTC') AS DATE)";
    private static final String CALLS_PER_DAY = "SELECT " + DAY + " AS call_day, COALESCE(k.outcome, '" + NO_DECISION + "'), COUNT(*) "
            + "FROM audit_call k WHERE k.received_at >= ? AND k.received_at < ? GROUP BY 1, 2";
    private static final String CARDS_PER_DAY = "SELECT " + DAY + " AS call_day, c.outcome, COUNT(*) "
            + "FROM audit_card c JOIN audit_call k ON k.call_id = c.call_id WHERE k.received_at >= ? AND k.received_at < ? GROUP BY 1, 2";
    private static final String LATENCY = "SELECT service_id, COUNT(*), "
            + "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY latency_micros), "
            + "PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY latency_micros), "
            + "PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY latency_micros), MAX(latency_micros) "
            + "FROM audit_call WHERE received_at >= ? AND received_at < ? GROUP BY service_id ORDER BY service_id";
    private static final String UNREAD = "SELECT unread_sources, COUNT(*) FROM audit_call "
            + "WHERE received_at >= ? AND received_at < ? AND data_complete = FALSE GROUP BY unread_sources";
    private static final String DECIDED = "SELECT COUNT(*) FROM audit_call WHERE received_at >= ? AND received_at < ? AND data_complete IS NOT NULL";

    private static final String SCREENS = "SELECT finished_at, label, shares, patients, deceased + without_patient, knee_oa, recommend, modify, "
            + "assess_first, advise_against, millis FROM panel_screen WHERE finished_at >= ? AND finished_at < ? ORDER BY finished_at DESC LIMIT 20";

    private final Database database;

    @Inject
    public DashboardQueries(Database database) {
        this.database = database;
    }

    /** Per day and outcome: how many (a day without any is absent). */
    public record PerDay(LocalDate day, String outcome, long count) {}

    /** One service's answer times in milliseconds: median, 95th and 99th percentile and the slowest. */
    public record Latency(String serviceId, long calls, double p50, double p95, double p99, double max) {}

    /** Calls whose record was read whole or not, and for the incomplete ones the parts not read (a call may lack several). */
    public record Incomplete(long decided, long incomplete, Map<String, Long> byUnreadPart) {}

    /** A panel screen finished in the period: its counts (the newest 20). */
    public record Screen(Instant finishedAt, String label, int shares, long patients, long leftOut, long kneeOa, long recommend, long modify,
                         long assessFirst, long adviseAgainst, long millis) {}

    public record Series(List<PerDay> calls, List<PerDay> cards, List<Latency> latency, Incomplete incomplete, List<Screen> screens) {}

    public Series series(Instant from, Instant to) throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setReadOnly(true);
            return new Series(perDay(connection, CALLS_PER_DAY, from, to), perDay(connection, CARDS_PER_DAY, from, to),
                    latency(connection, from, to), incomplete(connection, from, to), screens(connection, from, to));
        }
    }

    private static List<PerDay> perDay(Connection connection, String sql, Instant from, Instant to) throws SQLException {
        List<PerDay> result = new ArrayList<>();
        try (PreparedStatement query = range(connection, sql, from, to); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(new PerDay(rows.getObject(1, LocalDate.class), rows.getString(2), rows.getLong(3)));
            }
        }
        result.sort((a, b) -> a.day().equals(b.day()) ? a.outcome().compareTo(b.outcome()) : a.day().compareTo(b.day()));
        return result;
    }

    private static List<Latency> latency(Connection connection, Instant from, Instant to) throws SQLException {
        List<Latency> result = new ArrayList<>();
        try (PreparedStatement query = range(connection, LATENCY, from, to); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(new Latency(rows.getString(1), rows.getLong(2), millis(rows.getDouble(3)), millis(rows.getDouble(4)),
                        millis(rows.getDouble(5)), millis(rows.getDouble(6))));
            }
        }
        return result;
    }

    private static Incomplete incomplete(Connection connection, Instant from, Instant to) throws SQLException {
        long decided;
        try (PreparedStatement query = range(connection, DECIDED, from, to); ResultSet rows = query.executeQuery()) {
            rows.next();
            decided = rows.getLong(1);
        }
        long incomplete = 0;
        Map<String, Long> byPart = new TreeMap<>();
        try (PreparedStatement query = range(connection, UNREAD, from, to); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long n = rows.getLong(2);
                incomplete += n;
                String parts = rows.getString(1);
                if (parts == null || parts.isBlank()) {
                    byPart.merge("(not named)", n, Long::sum);
                } else {
                    for (String part : parts.trim().split(" +")) {
                        byPart.merge(part, n, Long::sum);
                    }
                }
            }
        }
        return new Incomplete(decided, incomplete, byPart);
    }

    private static List<Screen> screens(Connection connection, Instant from, Instant to) throws SQLException {
        List<Screen> result = new ArrayList<>();
        try (PreparedStatement query = range(connection, SCREENS, from, to); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(new Screen(rows.getObject(1, OffsetDateTime.class).toInstant(), rows.getString(2), rows.getInt(3), rows.getLong(4),
                        rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9), rows.getLong(10), rows.getLong(11)));
            }
        }
        return result;
    }

    private static double millis(double micros) {
        return Math.round(micros / 100.0) / 10.0;
    }

    private static PreparedStatement range(Connection connection, String sql, Instant from, Instant to) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        statement.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        return statement;
    }
}
