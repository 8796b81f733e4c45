package org.retrowalk.cds.facts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Falls and the STEADI key questions within the fall window (12 months by default), plus frailty. */
public final class FallRiskProfile {
    private final int fallsIn12Months;
    private final LocalDate latestFall;
    private final boolean injuriousFall;
    private final String injury;
    private final boolean fallWithSyncope;
    private final boolean frailty;
    private final boolean screened;
    private final boolean fearOfFalling;
    private final boolean feelsUnsteady;

    public FallRiskProfile(int fallsIn12Months, LocalDate latestFall, boolean injuriousFall, String injury,
                           boolean fallWithSyncope, boolean frailty, boolean screened,
                           boolean fearOfFalling, boolean feelsUnsteady) {
        this.fallsIn12Months = fallsIn12Months;
        this.latestFall = latestFall;
        this.injuriousFall = injuriousFall;
        this.injury = injury;
        this.fallWithSyncope = fallWithSyncope;
        this.frailty = frailty;
        this.screened = screened;
        this.fearOfFalling = fearOfFalling;
        this.feelsUnsteady = feelsUnsteady;
    }

    public int getFallsIn12Months() {
        return fallsIn12Months;
    }

    public boolean isAnyFall() {
        return fallsIn12Months > 0;
    }

    public LocalDate getLatestFall() {
        return latestFall;
    }

    public boolean isInjuriousFall() {
        return injuriousFall;
    }

    public String getInjury() {
        return injury;
    }

    public boolean isFallWithSyncope() {
        return fallWithSyncope;
    }

    public boolean isFrailty() {
        return frailty;
    }

    /** A falls screen within the window: a falls count, a STEADI answer or a fall condition. */
    public boolean isScreened() {
        return screened;
    }

    public boolean isFearOfFalling() {
        return fearOfFalling;
    }

    public boolean isFeelsUnsteady() {
        return feelsUnsteady;
    }

    /** The WFG high-risk signs present, in words, for R10's reason. */
    public String highRiskSigns(int manyFalls) {
        List<String> signs = new ArrayList<>();
        if (injuriousFall) {
            signs.add("an injurious fall" + (injury == null ? "" : " (" + injury + ")"));
        }
        if (fallsIn12Months >= manyFalls) {
            signs.add(fallsDescription());
        }
        if (fallWithSyncope) {
            signs.add("a fall with syncope");
        }
        if (frailty) {
            signs.add("documented frailty");
        }
        return String.join(", ", signs);
    }

    /** The intermediate-risk signs of R41, in words. */
    public String intermediateRiskSigns() {
        List<String> signs = new ArrayList<>();
        if (fallsIn12Months == 1 && !injuriousFall) {
            signs.add("one non-injurious fall in the last 12 months" + (latestFall == null ? "" : " (" + latestFall + ")"));
        }
        if (fearOfFalling) {
            signs.add("worries about falling");
        }
        if (feelsUnsteady) {
            signs.add("feels unsteady when standing or walking");
        }
        return String.join(", ", signs);
    }

    public String fallsDescription() {
        String count = fallsIn12Months == 1 ? "1 fall" : fallsIn12Months + " falls";
        return count + " in the last 12 months" + (latestFall == null ? "" : " (latest " + latestFall + ")");
    }
}
