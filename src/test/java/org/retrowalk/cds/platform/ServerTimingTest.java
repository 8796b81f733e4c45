package org.retrowalk.cds.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Server-Timing's durations: milliseconds to the tenth, rounded half up, the form the header has always had. */
class ServerTimingTest {

    @Test
    void millisecondsToTheTenth() {
        assertEquals("0.0", ServerTiming.millis(0));
        assertEquals("0.0", ServerTiming.millis(49_999));
        assertEquals("0.1", ServerTiming.millis(50_000));
        assertEquals("1.0", ServerTiming.millis(999_999));
        assertEquals("12.3", ServerTiming.millis(12_345_678));
        assertEquals("12.4", ServerTiming.millis(12_350_000));
        assertEquals("1500.0", ServerTiming.millis(1_500_000_000L));
    }

    @Test
    void aClockThatWentBackIsZeroNotNegative() {
        assertEquals("0.0", ServerTiming.millis(-3_000_000));
    }
}
