package org.retrowalk.cds.evaluation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs a task over and over on a few threads until its rate stops rising (the JIT has compiled what the task
 * runs) or the time is up. The rate is taken each second; it has stopped rising when the best of the last
 * three seconds is no more than 5% above the best of the three before.
 */
final class SyntheticLoad {

    private static final Logger LOG = Logger.getLogger(SyntheticLoad.class);
    static final int WINDOW = 3;
    static final double RISING = 1.05;

    record Result(long calls, Duration elapsed, long lastRate, String stoppedBecause) {}

    private final int threads;
    private final Duration limit;

    SyntheticLoad(int threads, Duration limit) {
        this.threads = Math.max(1, threads);
        this.limit = limit;
    }

    Result run(Runnable task) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // a synthetic call failing says nothing about real ones; it is counted and said once
                        if (failures.getAndIncrement() == 0) {
                            LOG.warnf("A warm-up call failed (%s); the warm-up goes on", e.getClass().getSimpleName());
                        }
                    }
                    calls.incrementAndGet();
                }
            }, "warm-up-load-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        long started = System.nanoTime();
        List<Long> rates = new ArrayList<>();
        String reason = "time limit";
        long last = 0;
        try {
            while (System.nanoTime() - started < limit.toNanos()) {
                Thread.sleep(Math.min(1000, Math.max(1, (limit.toNanos() - (System.nanoTime() - started)) / 1_000_000)));
                long now = calls.get();
                rates.add(now - last);
                last = now;
                if (steady(rates)) {
                    reason = "rate steady";
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        } finally {
            stop.set(true);
        }
        for (Thread worker : workers) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Result(calls.get(), Duration.ofNanos(System.nanoTime() - started), rates.isEmpty() ? 0 : rates.get(rates.size() - 1), reason);
    }

    /** The best of the last WINDOW seconds no more than RISING times the best of the WINDOW before them. */
    static boolean steady(List<Long> rates) {
        int n = rates.size();
        if (n < 2 * WINDOW) {
            return false;
        }
        long recent = rates.subList(n - WINDOW, n).stream().mapToLong(Long::longValue).max().orElse(0);
        long before = rates.subList(n - 2 * WINDOW, n - WINDOW).stream().mapToLong(Long::longValue).max().orElse(0);
        return before > 0 && recent <= before * RISING;
    }
}
