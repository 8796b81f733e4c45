package org.retrowalk.cds.record;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.retrowalk.cds.config.FhirReadSettings;

/**
 * The answer bytes the service holds at once, across all calls, and each call's share. What a crowd of large charts
 * can take of the heap is bounded by this, not by the charts: a query that would pass it is unread, so that the
 * service answers everyone cautiously instead of running out of memory for all.
 */
@Singleton
public class ReadBudget {

    private final long maxInFlight;
    private final long maxPerCall;
    private final AtomicLong inFlight = new AtomicLong();

    @Inject
    public ReadBudget(FhirReadSettings settings) {
        this.maxInFlight = settings.maxBytesInFlight().asLongValue();
        this.maxPerCall = settings.maxCallBytes().asLongValue();
    }

    /** Answer bytes held just now, all calls together. */
    public long inFlight() {
        return inFlight.get();
    }

    /**
     * One call's share. Its bytes are given back when the call's read is over and the last of its GETs has ended
     * (a GET cut off at the deadline may still be closing its connection).
     */
    Call open() {
        return new Call();
    }

    final class Call {
        private final AtomicLong taken = new AtomicLong();
        private final AtomicInteger holders = new AtomicInteger(1);

        /**
         * The budget of one query of this call. The queries without which no advice can be given (the patient, the
         * conditions: small for any real patient, and still bounded by the page limit) count towards the call's bytes
         * and the bytes in flight but are never refused by them: large observation answers, the call's own or a
         * crowd's, must not turn an answer into "no advice".
         */
        BoundedGet.Budget forQuery(boolean essential) {
            return n -> take(n, essential);
        }

        private ReadFailure take(long n, boolean essential) {
            if (taken.addAndGet(n) > maxPerCall && !essential) {
                taken.addAndGet(-n);
                return ReadFailure.TOO_LARGE;
            }
            if (inFlight.addAndGet(n) > maxInFlight && !essential) {
                inFlight.addAndGet(-n);
                taken.addAndGet(-n);
                return ReadFailure.OVERLOADED;
            }
            return null;
        }

        /** A GET starts using this share. */
        void hold() {
            holders.incrementAndGet();
        }

        /** A GET, or the call's read itself, is done with this share. */
        void release() {
            if (holders.decrementAndGet() == 0) {
                inFlight.addAndGet(-taken.getAndSet(0));
            }
        }
    }
}
