package org.retrowalk.cds.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.retrowalk.cds.parameters.BalanceTest;

/**
 * The latest result of one balance test. A stale result (older than the balance window, or older than
 * the latest fall) is kept so that the card can show it, but is not usable by the rules: it does not satisfy R21.
 * An impaired or severe result that is stale only because a fall came after it still counts for the rules that raise
 * caution (R11, R14, R42): a fall never improves balance, so a later fall must not make an answer less cautious.
 */
public final class BalanceResult {
    private final BalanceTest test;
    private final BigDecimal value;
    private final LocalDate date;
    private final Severity severity;
    private final String staleReason;
    private final boolean conflicting;
    private final boolean beforeFall;

    public BalanceResult(BalanceTest test, BigDecimal value, LocalDate date, Severity severity, String staleReason,
                         boolean conflicting) {
        this(test, value, date, severity, staleReason, conflicting, false);
    }

    /** @param beforeFall stale only because it is not certainly later than the latest fall (within the balance window) */
    public BalanceResult(BalanceTest test, BigDecimal value, LocalDate date, Severity severity, String staleReason,
                         boolean conflicting, boolean beforeFall) {
        this.beforeFall = beforeFall;
        this.test = test;
        this.value = value;
        this.date = date;
        this.severity = severity;
        this.staleReason = staleReason;
        this.conflicting = conflicting;
    }

    public BalanceTest getTest() {
        return test;
    }

    public BigDecimal getValue() {
        return value;
    }

    public LocalDate getDate() {
        return date;
    }

    public Severity getSeverity() {
        return severity;
    }

    public boolean isUsable() {
        return staleReason == null;
    }

    /** Counts for the rules that raise caution: usable, or impaired or severe before a later fall. */
    public boolean isCautionary() {
        return isUsable() || (beforeFall && severity != Severity.NORMAL);
    }

    public String getStaleReason() {
        return staleReason;
    }

    /** Several different results share the latest date; the most conservative one is this. */
    public boolean isConflicting() {
        return conflicting;
    }

    public boolean isPerformanceTest() {
        return test.performanceTest();
    }

    public boolean isSevere() {
        return severity == Severity.SEVERE;
    }

    public boolean isImpaired() {
        return severity == Severity.IMPAIRED;
    }

    public String describe() {
        return test.title() + " " + value.stripTrailingZeros().toPlainString() + " " + test.unit() + " on " + date;
    }
}
