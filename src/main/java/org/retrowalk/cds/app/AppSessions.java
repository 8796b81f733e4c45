package org.retrowalk.cds.app;

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
 * The app's server-side state: launches waiting for their callback (by state, used once) and sessions (by an
 * unguessable id, the only thing the browser holds). Both expire; both are bounded, so that a flood of launches
 * cannot grow memory without end. One replica's memory: a deployment with several replicas routes a browser to
 * the same replica (session affinity on the cookie), as docs/operations.md says.
 */
@Singleton
public class AppSessions {

    static final int MAX_PENDING = 10_000;
    static final int MAX_SESSIONS = 10_000;

    private record Timed<T>(T value, Instant until) {}

    private final Map<String, Timed<PendingLaunch>> pending = new ConcurrentHashMap<>();
    private final Map<String, Timed<AppSession>> sessions = new ConcurrentHashMap<>();
    private final Duration launchTimeout;
    private final Duration sessionTimeout;
    private final Clock clock;

    @Inject
    public AppSessions(RetrowalkConfig config) {
        this(config.app().launchTimeout(), config.app().sessionTimeout(), Clock.systemUTC());
    }

    AppSessions(Duration launchTimeout, Duration sessionTimeout, Clock clock) {
        this.launchTimeout = launchTimeout;
        this.sessionTimeout = sessionTimeout;
        this.clock = clock;
    }

    /** 256 random bits, URL-safe. */
    static String newId() {
        return HtmlPages.newId();
    }

    /** Keeps a launch under its state; false when too many launches are waiting. */
    boolean await(String state, PendingLaunch launch) {
        purge();
        if (pending.size() >= MAX_PENDING) {
            return false;
        }
        pending.put(state, new Timed<>(launch, clock.instant().plus(launchTimeout)));
        return true;
    }

    /** The launch of this state, once: a second callback with it finds nothing. */
    Optional<PendingLaunch> take(String state) {
        Timed<PendingLaunch> launch = state == null ? null : pending.remove(state);
        return launch == null || launch.until().isBefore(clock.instant()) ? Optional.empty() : Optional.of(launch.value());
    }

    /** A new session; empty when too many are open. */
    Optional<AppSession> open(String fhirServer, String patientId, String accessToken, String scope, Instant tokenExpiresAt,
                              String practitioner) {
        purge();
        if (sessions.size() >= MAX_SESSIONS) {
            return Optional.empty();
        }
        AppSession session = new AppSession(newId(), fhirServer, patientId, accessToken, scope, tokenExpiresAt, newId(), practitioner);
        sessions.put(session.id(), new Timed<>(session, clock.instant().plus(sessionTimeout)));
        return Optional.of(session);
    }

    /** The session of this id, if it has not expired (nor its token); its timeout starts again. */
    public Optional<AppSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Timed<AppSession> found = sessions.get(id);
        Instant now = clock.instant();
        if (found == null || found.until().isBefore(now) || found.value().tokenExpiresAt().isBefore(now)) {
            if (found != null) {
                sessions.remove(id);
            }
            return Optional.empty();
        }
        sessions.put(id, new Timed<>(found.value(), now.plus(sessionTimeout)));
        return Optional.of(found.value());
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private void purge() {
        Instant now = clock.instant();
        pending.values().removeIf(t -> t.until().isBefore(now));
        sessions.values().removeIf(t -> t.until().isBefore(now) || t.value().tokenExpiresAt().isBefore(now));
    }
}
