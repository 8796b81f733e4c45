package org.retrowalk.cds.facts;

import static org.retrowalk.cds.terminology.ClinicalValueSet.PAIN_NRS;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.retrowalk.cds.facts.ReadingContext.Latest;

/**
 * The latest pain score (NRS 0-10) within the pain window; a high score dated only by month or year counts if any
 * part of that period is in the window (section 3a); different scores at the latest moment: the highest.
 */
final class PainReader {

    private PainReader() {
    }

    static Optional<PainScore> read(ReadingContext context) {
        LocalDate windowStart = context.today.minusDays(context.parameters.windows().painWindowDays());
        BigDecimal high = BigDecimal.valueOf(context.parameters.rules().highPainNrs());
        Latest<BigDecimal> latest = context.latestWithin(PAIN_NRS, "Pain score", windowStart,
                o -> ReadingContext.number(o, false).filter(n -> n.signum() >= 0 && n.compareTo(BigDecimal.TEN) <= 0),
                n -> n.compareTo(high) >= 0);
        if (latest == null) {
            return Optional.empty();
        }
        if (latest.conflicting()) {
            context.note(DataNote.Kind.CONFLICT, "Different pain scores on " + latest.when().date() + " "
                    + latest.values() + ": the highest was used.");
        }
        return Optional.of(new PainScore(latest.value().intValue(), latest.when().date()));
    }
}
