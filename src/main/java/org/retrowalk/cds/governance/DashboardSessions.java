package org.retrowalk.cds.governance;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.platform.HtmlPages;

/**
 * The dashboard's server-side state: sign-ins waiting for the identity provider's answer (by state, used once) and
 * sessions (by an unguessable id, the only thing the browser holds). No token is kept: the dashboard reads this
 * service's own audit database, so the ID token is checked at sign-in and dropped. Both maps expire and are bounded.
 * One replica's memory, like the app's sessions: several replicas need session affinity on the dashboard cookie.
 */
@Singleton
public class DashboardSessions {

    static final int MAX_PENDING = 1_000;
    static final int MAX_SESSIONS = 1_000;

    /** A sign-in under way: what the callback must find again (the nonce and the PKCE verifier never leave the server). */
    record PendingLogin(String nonce, String codeVerifier, Instant until) {}

    /** A signed-in governance user: their name as the identity provider gave it, and the token every form must carry. */
    public record Session(String id, String user, String formToken, Instant until) {}

    private final Map<String, PendingLogin> pending = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration loginTimeout;
    private final Duration sessionTimeout;
    private final Clock clock;

    @Inject
    public DashboardSessions(RetrowalkConfig config) {
        this(config.dashboard().loginTimeout(), config.dashboard().sessionTimeout(), Clock.systemUTC());
    }

    DashboardSessions(Duration loginTimeout, Duration sessionTimeout, Clock clock) {
        this.loginTimeout = loginTimeout;
        this.sessionTimeout = sessionTimeout;
        this.clock = clock;
    }

    /** 256 random bits, URL-safe. */
    static String newId() {
        return HtmlPages.newId();
    }

    /** Keeps a sign-in under its state; false when too many are waiting. */
    boolean await(String state, String nonce, String codeVerifier) {
        purge();
        if (pending.size() >= MAX_PENDING) {
            return false;
        }
        pending.put(state, new PendingLogin(nonce, codeVerifier, clock.instant().plus(loginTimeout)));
        return true;
    }

    /** The sign-in of this state, once. */
    Optional<PendingLogin> take(String state) {
        PendingLogin login = state == null ? null : pending.remove(state);
        return login == null || login.until().isBefore(clock.instant()) ? Optional.empty() : Optional.of(login);
    }

    Optional<Session> open(String user) {
        purge();
        if (sessions.size() >= MAX_SESSIONS) {
            return Optional.empty();
        }
        Session session = new Session(newId(), user, newId(), clock.instant().plus(sessionTimeout));
        sessions.put(session.id(), session);
        return Optional.of(session);
    }

    /** The session of this id if it has not expired; its timeout starts again. */
    Optional<Session> find(String id) {
        Session found = id == null ? null : sessions.get(id);
        Instant now = clock.instant();
        if (found == null || found.until().isBefore(now)) {
            if (found != null) {
                sessions.remove(id);
            }
            return Optional.empty();
        }
        Session renewed = new Session(found.id(), found.user(), found.formToken(), now.plus(sessionTimeout));
        sessions.put(id, renewed);
        return Optional.of(renewed);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private void purge() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.until().isBefore(now));
        sessions.values().removeIf(s -> s.until().isBefore(now));
    }
}
