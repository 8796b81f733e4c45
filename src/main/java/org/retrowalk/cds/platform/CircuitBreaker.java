package org.retrowalk.cds.platform;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A circuit breaker for one FHIR server base. After {@code failureThreshold} consecutive failures it opens
 * and refuses queries for {@code openFor}; then it lets one query through (half-open): success closes it,
 * failure opens it again. A server that is down then costs its callers nothing but the check.
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
    private int consecutiveFailures;
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
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    public synchronized void failure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = nanoTime.getAsLong();
            trialInFlight = false;
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= openForNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
