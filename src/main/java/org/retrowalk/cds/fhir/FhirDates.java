package org.retrowalk.cds.fhir;

import java.time.LocalDate;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
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
    public record When(Date instant, LocalDate date, LocalDate latestDate) implements Comparable<When> {
        @Override
        public int compareTo(When other) {
            return instant.compareTo(other.instant);
        }
    }

    public static Optional<When> of(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            return Optional.empty();
        }
        LocalDate date = LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
        LocalDate latest = switch (value.getPrecision()) {
            case YEAR -> date.withDayOfYear(date.lengthOfYear());
            case MONTH -> date.withDayOfMonth(date.lengthOfMonth());
            default -> date;
        };
        return Optional.of(new When(value.getValue(), date, latest));
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
        Optional<When> onset = condition.hasOnset() ? of(condition.getOnset()) : Optional.empty();
        return onset.isPresent() ? onset : of(condition.getRecordedDateElement());
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
