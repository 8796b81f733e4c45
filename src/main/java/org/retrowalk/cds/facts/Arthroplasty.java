package org.retrowalk.cds.facts;

import java.time.LocalDate;

/** Hip or knee arthroplasty: a recent one (R12), or one planned by an active order or referral (R13). */
public final class Arthroplasty {
    private final boolean recent;
    private final LocalDate date;
    private final boolean planned;
    private final String name;

    public Arthroplasty(boolean recent, LocalDate date, boolean planned) {
        this(recent, date, planned, null);
    }

    public Arthroplasty(boolean recent, LocalDate date, boolean planned, String name) {
        this.recent = recent;
        this.date = date;
        this.planned = planned;
        this.name = name;
    }

    /** What the record calls the recent arthroplasty ("Total replacement of hip"); null when none is recent. */
    public String getName() {
        return name;
    }

    /** Within the arthroplasty window, or documented without a date (which cannot be ruled recent-free). */
    public boolean isRecent() {
        return recent;
    }

    /** Date of the recent arthroplasty; null when the record gives none. */
    public LocalDate getDate() {
        return date;
    }

    public boolean isPlanned() {
        return planned;
    }
}
