package org.retrowalk.cds.governance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.retrowalk.cds.platform.CdsException;

/**
 * The days a report covers, both ends included, in UTC: ?from=2026-11-01&to=2026-11-30. Without them, the
 * last 30 days up to today.
 */
record ReportPeriod(LocalDate from, LocalDate to) {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 3660;

    static ReportPeriod parse(String from, String to, Clock clock) {
        LocalDate end = to == null || to.isBlank() ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : date(to, "to");
        LocalDate start = from == null || from.isBlank() ? end.minusDays(DEFAULT_DAYS - 1) : date(from, "from");
        if (start.isAfter(end)) {
            throw CdsException.badRequest("Parameter 'from' is after 'to'.");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw CdsException.badRequest("The period from 'from' to 'to' is longer than " + MAX_DAYS + " days.");
        }
        return new ReportPeriod(start, end);
    }

    Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant after the period. */
    Instant end() {
        return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate date(String value, String parameter) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw CdsException.badRequest("Parameter '" + parameter + "' must be a date, YYYY-MM-DD.");
        }
    }
}
