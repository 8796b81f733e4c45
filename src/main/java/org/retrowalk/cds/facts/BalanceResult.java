package org.retrowalk.cds.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.retrowalk.cds.parameters.BalanceTest;

/**
 * The latest result of one balance test. A stale result (older than the balance window, or older than
 * the latest fall) is kept so that the card can show it, but is not usable by the rules.
 */
public final class BalanceResult {
    private final BalanceTest test;
    private final BigDecimal value;
    private final LocalDate date;
    private final Severity severity;
    private final String staleReason;
    private final boolean conflicting;

    public BalanceResult(BalanceTest test, BigDecimal value, LocalDate date, Severity severity, String staleReason,
                         boolean conflicting) {
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
