package org.retrowalk.cds.panel;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one share of a screen (or the merged screen) counted: patients read, those left out and why, the knee-OA
 * patients by outcome, and how long it took.
 */
public record ScreenSummary(int index, int shares, long patients, long deceased, long withoutPatientResource, long kneeOa,
                            Map<String, Long> byOutcome, long linesRead, long millis) {

    ScreenSummary plus(ScreenSummary other) {
        Map<String, Long> outcomes = new TreeMap<>(byOutcome);
        other.byOutcome.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
        return new ScreenSummary(-1, shares, patients + other.patients, deceased + other.deceased,
                withoutPatientResource + other.withoutPatientResource, kneeOa + other.kneeOa, outcomes, linesRead + other.linesRead,
                Math.max(millis, other.millis));
    }

    /** Living patients screened per second of this share's (or the slowest share's) wall time. */
    public double patientsPerSecond() {
        return millis == 0 ? 0 : (patients - deceased - withoutPatientResource) * 1000.0 / millis;
    }
}
