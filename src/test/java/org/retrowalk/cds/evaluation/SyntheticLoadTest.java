package org.retrowalk.cds.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The warm-up's synthetic load stops once the rate stops rising, or when its time is up, whichever is first. */
class SyntheticLoadTest {

    @Test
    void steadyWhenTheLastThreeSecondsAreNoBetterThanTheThreeBefore() {
        assertFalse(SyntheticLoad.steady(List.of(100L, 200L, 300L, 400L, 500L)), "too few seconds to tell");
        assertFalse(SyntheticLoad.steady(List.of(100L, 200L, 300L, 400L, 500L, 600L)), "still rising");
        assertTrue(SyntheticLoad.steady(List.of(100L, 500L, 600L, 610L, 590L, 620L)), "within 5%");
        assertFalse(SyntheticLoad.steady(List.of(0L, 0L, 0L, 0L, 0L, 0L)), "nothing ran yet");
    }

    @Test
    void idleWhenTheCompilersSpentLittleTimeInTheLastThreeSeconds() {
        assertFalse(SyntheticLoad.idle(List.of(0L, 0L)), "too few seconds to tell");
        assertTrue(SyntheticLoad.idle(List.of(900L, 50L, 100L, 100L)));
        assertFalse(SyntheticLoad.idle(List.of(0L, 0L, 0L, 400L)), "a compilation burst");
    }

    @Test
    void aFlatRateWhileTheCompilersAreBusyIsNotWarm() {
        AtomicLong seconds = new AtomicLong();
        // the compilers report 500 ms of work every time they are asked: never idle, so only the limit ends it
        SyntheticLoad.Result result = new SyntheticLoad(1, Duration.ofSeconds(8), () -> 500 * seconds.incrementAndGet()).run(() -> sleepMicros(500));
        assertEquals("time limit", result.stoppedBecause());
    }

    @Test
    void aTaskThatStopsGettingFasterEndsTheLoadEarly() {
        SyntheticLoad.Result result = new SyntheticLoad(2, Duration.ofSeconds(30), () -> 0).run(() -> sleepMicros(500));
        assertEquals("compiled, rate steady", result.stoppedBecause());
        assertTrue(result.elapsed().compareTo(Duration.ofSeconds(6)) >= 0, "at least six seconds to compare: " + result.elapsed());
        assertTrue(result.elapsed().compareTo(Duration.ofSeconds(20)) < 0, "well before the limit: " + result.elapsed());
        assertTrue(result.calls() > 1000, "calls: " + result.calls());
    }

    @Test
    void theTimeLimitEndsALoadStillGettingFaster() {
        AtomicLong calls = new AtomicLong();
        // each call quicker than the last: the rate never settles
        SyntheticLoad.Result result = new SyntheticLoad(1, Duration.ofSeconds(3), () -> 0).run(() -> sleepMicros(Math.max(0, 3000 - calls.incrementAndGet())));
        assertEquals("time limit", result.stoppedBecause());
        assertTrue(result.elapsed().compareTo(Duration.ofSeconds(3)) >= 0 && result.elapsed().compareTo(Duration.ofSeconds(8)) < 0, "elapsed " + result.elapsed());
    }

    @Test
    void aFailingCallDoesNotStopTheWarmUp() {
        AtomicLong calls = new AtomicLong();
        SyntheticLoad.Result result = new SyntheticLoad(1, Duration.ofSeconds(2)).run(() -> {
            if (calls.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("synthetic failure");
            }
            sleepMicros(100);
        });
        assertTrue(result.calls() > 10, "calls went on after failures: " + result.calls());
    }

    private static void sleepMicros(long micros) {
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
