package org.retrowalk.cds.auth;

/**
 * Remembers client tokens' jti values to refuse a replay. One replica remembers in memory ({@link ReplayCache});
 * replicas sharing PostgreSQL remember together (the audit package's implementation), so that a token replayed to
 * another replica is refused too.
 */
public interface ReplayGuard {

    /** @return true the first time (issuer, jti) is seen before it expires, false for a replay */
    boolean firstUse(String issuer, String jti, long expiresAtMillis, long nowMillis);
}
