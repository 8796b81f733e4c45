package org.retrowalk.cds.facts;

import java.time.LocalDate;

/** The latest pain NRS (0-10) within the pain window. */
public final class PainScore {
    private final int nrs;
    private final LocalDate date;

    public PainScore(int nrs, LocalDate date) {
        this.nrs = nrs;
        this.date = date;
    }

    public int getNrs() {
        return nrs;
    }

    public LocalDate getDate() {
        return date;
    }
}
