package org.retrowalk.cds.parameters;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.retrowalk.cds.config.RetrowalkConfig;

/**
 * "Today" for the rules' windows and ages. retrowalk.evaluation.date fixes it (tests, demonstrations and
 * replaying a past call); otherwise it is the current date in retrowalk.evaluation.zone (default: the
 * server's zone).
 */
@ApplicationScoped
public class EvaluationClock {

    private final LocalDate fixedDate;
    private final ZoneId zone;

    @Inject
    public EvaluationClock(RetrowalkConfig config) {
        this(config.evaluation().date(), config.evaluation().zone());
    }

    public EvaluationClock(Optional<String> fixedDate, Optional<String> zone) {
        try {
            this.fixedDate = fixedDate.filter(s -> !s.isBlank()).map(String::trim).map(LocalDate::parse).orElse(null);
            this.zone = zone.filter(s -> !s.isBlank()).map(String::trim).map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (DateTimeException e) {
            throw new IllegalStateException("retrowalk.evaluation.date must be a date like 2026-11-21 and "
                    + "retrowalk.evaluation.zone a zone like Europe/Amsterdam", e);
        }
    }

    public LocalDate today() {
        return fixedDate != null ? fixedDate : LocalDate.now(zone);
    }

    /**
     * Now, on the evaluation date: what the app dates what it writes with, so that a result recorded today is read as
     * today's by the rules also when the date is fixed.
     */
    public java.time.ZonedDateTime now() {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(zone);
        return fixedDate == null ? now : now.with(fixedDate);
    }
}
