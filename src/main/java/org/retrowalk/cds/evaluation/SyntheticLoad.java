package org.retrowalk.cds.evaluation;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Runs a task over and over on a few threads until the JIT has compiled what the task runs, or the time is up.
 * Each second it takes the task's rate and the JIT's compilation time; warm is when, over the last three
 * seconds, the compilers were mostly idle (under a tenth of the time of one compiler thread) and the best
 * rate is no more than 5% above the best of the three seconds before. The rate alone is not enough: while
 * the compilers take the CPU, the rate stays flat and low.
 */
final class SyntheticLoad {

    private static final Logger LOG = Logger.getLogger(SyntheticLoad.class);
    static final int WINDOW = 3;
    static final double RISING = 1.05;

    record Result(long calls, Duration elapsed, long lastRate, String stoppedBecause) {}

    /** Compilation time, in ms, the compilers may spend in the last WINDOW seconds for the JIT to count as idle. */
    static final long IDLE_COMPILE_MILLIS = 300;

    /** Set on the load's own threads: their calls are not a clinician's, and are not logged as one's. */
    private static final ThreadLocal<Boolean> SYNTHETIC = ThreadLocal.withInitial(() -> false);

    private final int threads;
    private final Duration limit;
    private final LongSupplier compileMillis;

    SyntheticLoad(int threads, Duration limit) {
        this(threads, limit, jitCompileMillis());
    }

    SyntheticLoad(int threads, Duration limit, LongSupplier compileMillis) {
        this.threads = Math.max(1, threads);
        this.limit = limit;
        this.compileMillis = compileMillis;
    }

    private static LongSupplier jitCompileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> 0;
    }

    Result run(Runnable task) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                SYNTHETIC.set(true);
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
        List<Long> compiling = new ArrayList<>();
        String reason = "time limit";
        long last = 0;
        long lastCompile = compileMillis.getAsLong();
        try {
            while (System.nanoTime() - started < limit.toNanos()) {
                long left = (limit.toNanos() - (System.nanoTime() - started)) / 1_000_000;
                if (left < 1000) {
                    Thread.sleep(Math.max(1, left));
                    break;
                }
                Thread.sleep(1000);
                long now = calls.get();
                rates.add(now - last);
                last = now;
                long compiled = compileMillis.getAsLong();
                compiling.add(compiled - lastCompile);
                lastCompile = compiled;
                if (steady(rates) && idle(compiling)) {
                    reason = "compiled, rate steady";
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

    /** The level of a call's log line: INFO for a real call, DEBUG for the warm-up's thousands of synthetic ones. */
    static Logger.Level callLogLevel() {
        return SYNTHETIC.get() ? Logger.Level.DEBUG : Logger.Level.INFO;
    }

    /** The compilers spent under IDLE_COMPILE_MILLIS in the last WINDOW seconds. */
    static boolean idle(List<Long> compileMillis) {
        int n = compileMillis.size();
        return n >= WINDOW && compileMillis.subList(n - WINDOW, n).stream().mapToLong(Long::longValue).sum() < IDLE_COMPILE_MILLIS;
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
