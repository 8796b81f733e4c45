package org.retrowalk.cds.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The circuit breaker's states, on a clock the test moves. */
class CircuitBreakerTest {

    final AtomicLong now = new AtomicLong();
    final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

    @Test
    void opensAfterTheThresholdOfConsecutiveFailures() {
        for (int i = 0; i < 2; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.failure();
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
        breaker.failure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(), "an open circuit refuses");
    }

    @Test
    void aSuccessResetsTheCount() {
        breaker.failure();
        breaker.failure();
        breaker.success();
        breaker.failure();
        breaker.failure();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void afterTheOpenTimeOneTrialGoesThroughAndItsResultDecides() {
        open();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire(), "one trial");
        assertFalse(breaker.tryAcquire(), "only one trial at a time");
        breaker.success();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void aFailedTrialOpensTheCircuitAgain() {
        open();
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertTrue(breaker.tryAcquire());
        breaker.failure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertFalse(breaker.tryAcquire(), "open for the full time again");
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.tryAcquire();
            breaker.failure();
        }
    }

    @Test
    void oneSourceFailingAgainAndAgainCountsOnce() {
        for (int i = 0; i < 10; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.failure("patient-1");
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "one chart cannot cut the server off for everyone");
        breaker.failure("patient-2");
        breaker.failure("patient-3");
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "failures for three patients: the server is failing");
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        breaker.failure("patient-1");
        breaker.failure("patient-2");
        breaker.success();
        breaker.failure("patient-3");
        breaker.failure("patient-1");
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }
}
