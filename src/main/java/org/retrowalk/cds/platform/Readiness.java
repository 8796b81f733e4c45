package org.retrowalk.cds.platform;

import jakarta.inject.Singleton;

/**
 * Whether the service can answer at full speed: set once the warm-up has sent a request through the rules,
 * the value sets, the parsers and the FHIR client. Until then the readiness check says DOWN, so that a load
 * balancer sends no clinician's request to a replica that would spend its first seconds loading classes.
 */
@Singleton
public class Readiness {

    private volatile long warmUpMillis = -1;
    private volatile long warmUpCalls;

    public void warmedUp(long millis) {
        warmedUp(millis, 1);
    }

    /** Warm after this long from the start of the warm-up, having sent itself this many synthetic calls. */
    public void warmedUp(long millis, long calls) {
        this.warmUpCalls = calls;
        this.warmUpMillis = millis;
    }

    public long warmUpCalls() {
        return warmUpCalls;
    }

    public boolean isWarm() {
        return warmUpMillis >= 0;
    }

    public long warmUpMillis() {
        return warmUpMillis;
    }
}
