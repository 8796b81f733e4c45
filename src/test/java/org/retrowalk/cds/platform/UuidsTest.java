package org.retrowalk.cds.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {

    @Test
    void version7InTimeOrderAndUnique() throws InterruptedException {
        UUID first = Uuids.timeOrdered();
        assertEquals(7, first.version());
        assertEquals(2, first.variant());
        assertEquals(System.currentTimeMillis() / 1000, (first.getMostSignificantBits() >>> 16) / 1000, 1.0, "the first 48 bits are the time in ms");
        Thread.sleep(2);
        UUID later = Uuids.timeOrdered();
        assertTrue(later.toString().compareTo(first.toString()) > 0, "a later id sorts after an earlier one, as text too");
        Set<UUID> many = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            many.add(Uuids.timeOrdered());
        }
        assertEquals(100_000, many.size());
        assertEquals(UUID.fromString(first.toString()), first);
    }
}
