package dev.stratum.tracing.internal;

import java.util.concurrent.TimeUnit;

/**
 * A clock read for about a nanosecond instead of {@link System#nanoTime()}'s 20–50 ns (more in
 * some virtual machines), at a resolution of {@value #TICK_MILLIS} ms: one JVM-wide daemon thread,
 * started on first use, advances it. Used only to time the slow-operation log when there is no
 * OpenTelemetry SDK (no spans, no histogram) — there, two precise clock reads would be most of the
 * decorator's cost on a fast store, and a 100 ms threshold needs no nanoseconds.
 */
final class CoarseClock {
    static final long TICK_MILLIS = 5;
    private static volatile long now = System.nanoTime();

    static {
        Thread ticker = new Thread(() -> {
            while (true) {
                try {
                    TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                now = System.nanoTime();
            }
        }, "stratum-coarse-clock");
        ticker.setDaemon(true);
        ticker.start();
    }

    private CoarseClock() {}

    /** {@link System#nanoTime()} as of at most {@value #TICK_MILLIS} ms ago (more if the thread is starved). */
    static long nanos() {
        return now;
    }
}
