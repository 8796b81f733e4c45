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

    public void warmedUp(long millis) {
        this.warmUpMillis = millis;
    }

    public boolean isWarm() {
        return warmUpMillis >= 0;
    }

    public long warmUpMillis() {
        return warmUpMillis;
    }
}
