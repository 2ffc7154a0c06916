package dev.stratum.api.spi;

import java.util.function.Supplier;

/**
 * Marks the threads running a transaction body, so decorators can tell: a cache must neither serve
 * nor keep what is read inside an uncommitted transaction. Stores with transactions run their bodies
 * through {@link #run(Supplier)}.
 */
public final class TransactionScope {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private TransactionScope() {}

    /** Whether the calling thread is inside a transaction body. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    /** Runs {@code body} with the thread marked as inside a transaction. */
    public static <R> R run(Supplier<R> body) {
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            return body.get();
        } finally {
            if (--depth[0] == 0) {
                DEPTH.remove();
            }
        }
    }
}
