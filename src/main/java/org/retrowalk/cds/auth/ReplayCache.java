package org.retrowalk.cds.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The jti values seen, each until its expiry; a second use of one within that time is a replay. */
public final class ReplayCache implements ReplayGuard {

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private volatile long nextSweep;

    /** @return true the first time (issuer, jti) is seen before it expires, false for a replay */
    @Override
    public boolean firstUse(String issuer, String jti, long expiresAtMillis, long nowMillis) {
        sweep(nowMillis);
        String key = issuer + "\u0000" + jti;
        Long previous = seen.putIfAbsent(key, expiresAtMillis);
        if (previous == null) {
            return true;
        }
        if (previous < nowMillis) {
            return seen.replace(key, previous, expiresAtMillis);
        }
        return false;
    }

    private void sweep(long nowMillis) {
        if (nowMillis < nextSweep) {
            return;
        }
        nextSweep = nowMillis + 60_000;
        seen.values().removeIf(expiry -> expiry < nowMillis);
    }
}
