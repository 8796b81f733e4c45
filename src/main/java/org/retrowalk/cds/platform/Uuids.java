package org.retrowalk.cds.platform;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Identifiers for cards, suggestions and audit records: UUID version 7 (RFC 9562), a millisecond timestamp
 * followed by 74 random bits. Still unguessable and unique, but in time order, so the audit tables' indexes
 * take each new card at their end instead of at a random page: random keys made the audit writer spend
 * about a third of the CPU the answers themselves needed once the tables held a few hundred thousand rows.
 */
public final class Uuids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Uuids() {
    }

    public static UUID timeOrdered() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = System.currentTimeMillis();
        long most = (millis << 16) | 0x7000L | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long least = 0x8000_0000_0000_0000L | ((random[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            least |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(most, least);
    }

    public static String next() {
        return timeOrdered().toString();
    }

    /** A UUID in its canonical form (any case), as CDS Hooks and our audit keys expect. */
    public static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
