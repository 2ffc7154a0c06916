package dev.stratum.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests for a condition that another thread or a server makes true (an invalidation arriving, a
 * TTL expiring, a node coming back). Polls briefly by spinning, then every millisecond; fails with an
 * {@link AssertionError} naming what was awaited when the timeout passes.
 *
 * <pre>{@code
 * Await.until("the other instance's L1 evicted", () -> two.cache.localSize() == 0);
 * Await.until("the key expired", Duration.ofSeconds(15), () -> redis.exists(key) == 0);
 * }</pre>
 */
public final class Await {
    /** The timeout of {@link #until(String, BooleanSupplier)}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final int SPINS = 1_000;

    private Await() {}

    /** Waits up to {@link #DEFAULT_TIMEOUT} for {@code condition}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    /** Waits up to {@code timeout} for {@code condition}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + timeout.toNanos();
        int polls = 0;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not reached in " + timeout.toMillis() + " ms");
            }
            if (++polls < SPINS) {
                Thread.onSpinWait();
            } else {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(what + ": interrupted while waiting", e);
                }
            }
        }
    }
}
