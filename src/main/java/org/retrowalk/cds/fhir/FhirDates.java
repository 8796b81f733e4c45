package org.retrowalk.cds.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Type;

/** When something happened, by the conventions of section 2 of the clinical specification. */
public final class FhirDates {

    private FhirDates() {
    }

    /**
     * A point in time with its calendar date as written (the record's own time zone, not the server's).
     * {@code date} is the earliest day the value allows and {@code latestDate} the last: they differ when
     * only a year ("2025") or a month ("2025-12") is recorded.
     */
    public record When(Date instant, LocalDate date, LocalDate latestDate, boolean timed) implements Comparable<When> {
        @Override
        public int compareTo(When other) {
            return instant.compareTo(other.instant);
        }

        /** A period of whole days, as an age or a partial date gives it. */
        public static When days(LocalDate first, LocalDate last) {
            return new When(Date.from(first.atStartOfDay(ZoneOffset.UTC).toInstant()), first, last, false);
        }

        /**
         * Whether this is certainly later than {@code other} (clinical specification, section 3a): by instant when
         * both carry a time of day; otherwise only when its first possible day is after the other's last.
         */
        public boolean certainlyAfter(When other) {
            if (timed && other.timed) {
                return instant.after(other.instant);
            }
            return date.isAfter(other.latestDate);
        }
    }

    public static Optional<When> of(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            return Optional.empty();
        }
        // One calendar: HAPI's getYear(), getMonth() and getDay() build one each.
        Calendar calendar = value.getValueAsCalendar();
        LocalDate date = LocalDate.of(calendar.get(Calendar.YEAR), calendar.get(Calendar.MONTH) + 1, calendar.get(Calendar.DAY_OF_MONTH));
        LocalDate latest = switch (value.getPrecision()) {
            case YEAR -> date.withDayOfYear(date.lengthOfYear());
            case MONTH -> date.withDayOfMonth(date.lengthOfMonth());
            default -> date;
        };
        boolean timed = value.getPrecision().ordinal() >= TemporalPrecisionEnum.MINUTE.ordinal();
        return Optional.of(new When(value.getValue(), date, latest, timed));
    }

    private static Optional<When> of(Type value) {
        if (value instanceof BaseDateTimeType dt) {
            return of(dt);
        }
        if (value instanceof Period period) {
            return period.hasStart() ? of(period.getStartElement()) : of(period.getEndElement());
        }
        return Optional.empty();
    }

    /** effective[x] (a period counts from its start), else issued. */
    public static Optional<When> effective(Observation observation) {
        Optional<When> effective = observation.hasEffective() ? of(observation.getEffective()) : Optional.empty();
        return effective.isPresent() ? effective : of(observation.getIssuedElement());
    }

    /** onset[x] (dateTime or period start), else recordedDate. */
    public static Optional<When> onset(Condition condition) {
        return onset(condition, null);
    }

    /**
     * onset[x]: a dateTime or a period's start; an onsetAge or onsetRange with the birth date, as the days that
     * age allows ("age 72" is the whole year from the 72nd birthday); else recordedDate. onsetString names no date.
     */
    public static Optional<When> onset(Condition condition, LocalDate birthDate) {
        Optional<When> onset = Optional.empty();
        if (condition.hasOnsetAge() && birthDate != null) {
            onset = ageSpan(birthDate, condition.getOnsetAge(), condition.getOnsetAge());
        } else if (condition.hasOnsetRange() && birthDate != null) {
            Range range = condition.getOnsetRange();
            onset = ageSpan(birthDate, range.hasLow() ? range.getLow() : null, range.hasHigh() ? range.getHigh() : null);
        } else if (condition.hasOnset()) {
            onset = of(condition.getOnset());
        }
        return onset.isPresent() ? onset : of(condition.getRecordedDateElement());
    }

    /** From the first day of the low age to the last day of the high age; a missing bound is open. */
    private static Optional<When> ageSpan(LocalDate birthDate, Quantity low, Quantity high) {
        Optional<LocalDate> first = low == null ? Optional.of(birthDate) : plus(birthDate, low, 0);
        Optional<LocalDate> last = high == null ? Optional.of(LocalDate.MAX) : plus(birthDate, high, 1).map(d -> d.minusDays(1));
        if (first.isEmpty() || last.isEmpty() || last.get().isBefore(first.get())) {
            return Optional.empty();
        }
        return Optional.of(When.days(first.get(), last.get()));
    }

    /** The birth date plus an age (UCUM a, mo, wk, d; or their words), plus {@code extra} units. */
    private static Optional<LocalDate> plus(LocalDate birthDate, Quantity age, int extra) {
        if (age.getValue() == null || age.getValue().signum() < 0) {
            return Optional.empty();
        }
        long amount = age.getValue().longValue() + extra;
        String unit = (age.hasCode() ? age.getCode() : age.hasUnit() ? age.getUnit() : "a").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (unit) {
            case "a", "yr", "yrs", "year", "years", "y" -> Optional.of(birthDate.plusYears(amount));
            case "mo", "month", "months" -> Optional.of(birthDate.plusMonths(amount));
            case "wk", "week", "weeks" -> Optional.of(birthDate.plusWeeks(amount));
            case "d", "day", "days" -> Optional.of(birthDate.plusDays(amount));
            default -> Optional.empty();
        };
    }

    /** performed[x]: a period counts from its end (the operation is over then), else its start. */
    public static Optional<When> performed(Procedure procedure) {
        if (procedure.hasPerformedPeriod()) {
            Period p = procedure.getPerformedPeriod();
            return p.hasEnd() ? of(p.getEndElement()) : of(p.getStartElement());
        }
        return procedure.hasPerformed() ? of(procedure.getPerformed()) : Optional.empty();
    }
}
