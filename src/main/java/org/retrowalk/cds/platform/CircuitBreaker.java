package org.retrowalk.cds.platform;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A circuit breaker for one server. It opens after {@code failureThreshold} consecutive failures <em>from
 * different sources</em> (for a FHIR server, different patients: one patient's huge or slow chart is that chart's
 * problem, not the server's), or failures with no source (the server itself: refused connections, resets), with
 * no success in between; open, it refuses for {@code openFor}; then it lets one trial through (half-open):
 * success closes it, failure opens it again. A server that is down then costs its callers nothing but the check.
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier nanoTime;

    private State state = State.CLOSED;
    /** The sources of the failures since the last success (a source with no identity counts each time). */
    private final java.util.Set<Object> failingSources = new java.util.HashSet<>();
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, Duration openFor, LongSupplier nanoTime) {
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether a query may go to the server now; when it may, report its result with success() or failure(). */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= openForNanos) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield false;
                }
                trialInFlight = true;
                yield true;
            }
        };
    }

    public synchronized void success() {
        state = State.CLOSED;
        failingSources.clear();
        trialInFlight = false;
    }

    /** A failure of the server itself (no connection, a reset): each one counts. */
    public void failure() {
        failure(null);
    }

    /**
     * A failure seen for one source (a patient's query timed out or got a server error). Repeated failures of one
     * source count once: the breaker protects everyone from a failing server, not one chart from itself.
     */
    public synchronized void failure(Object source) {
        if (failingSources.size() < failureThreshold) {
            failingSources.add(source == null ? new Object() : source);
        }
        if (state == State.HALF_OPEN || failingSources.size() >= failureThreshold) {
            state = State.OPEN;
            openedAt = nanoTime.getAsLong();
            trialInFlight = false;
            failingSources.clear();
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= openForNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
