package org.retrowalk.cds.facts;

import java.time.LocalDate;
import java.util.List;

/** Falls and the STEADI key questions within the fall window (rules/parameters.yaml), plus frailty. Words: rules/words.yaml. */
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
    private final List<String> presumedFrom;

    public FallRiskProfile(int fallsIn12Months, LocalDate latestFall, boolean injuriousFall, String injury,
                           boolean fallWithSyncope, boolean frailty, boolean screened,
                           boolean fearOfFalling, boolean feelsUnsteady) {
        this(fallsIn12Months, latestFall, injuriousFall, injury, fallWithSyncope, frailty, screened, fearOfFalling, feelsUnsteady, List.of());
    }

    public FallRiskProfile(int fallsIn12Months, LocalDate latestFall, boolean injuriousFall, String injury,
                           boolean fallWithSyncope, boolean frailty, boolean screened,
                           boolean fearOfFalling, boolean feelsUnsteady, List<String> presumedFrom) {
        this.fallsIn12Months = fallsIn12Months;
        this.latestFall = latestFall;
        this.injuriousFall = injuriousFall;
        this.injury = injury;
        this.fallWithSyncope = fallWithSyncope;
        this.frailty = frailty;
        this.screened = screened;
        this.fearOfFalling = fearOfFalling;
        this.feelsUnsteady = feelsUnsteady;
        this.presumedFrom = List.copyOf(presumedFrom);
    }

    /** Falls presumed from fragility-site fractures with no fall recorded (section 5a): the fractures, as the card names them. */
    public List<String> getPresumedFrom() {
        return presumedFrom;
    }

    public boolean isPresumed() {
        return !presumedFrom.isEmpty();
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
}
