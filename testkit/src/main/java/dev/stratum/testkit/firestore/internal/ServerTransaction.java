package dev.stratum.testkit.firestore.internal;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One transaction. A read-only one reads at its fixed read time and holds nothing. A read-write one holds
 * an exclusive lock on every document it read (and on every document it writes, from commit until the
 * commit is applied), and remembers its queries, which its commit re-runs: if another commit changed a
 * query's results (a phantom), the commit is {@code ABORTED} and the client retries.
 *
 * <p>State and locks are guarded by {@link Transactions}' monitor.
 */
final class ServerTransaction {
    enum State { ACTIVE, FINISHED, ABORTED, EXPIRED }

    final ByteString id;
    final String database;
    final boolean readOnly;
    final long readMicros;
    final long startNanos = System.nanoTime();
    volatile long lastActivityNanos = startNanos;
    State state = State.ACTIVE;
    String abortReason = "";
    final Set<String> held = new HashSet<>();
    private final List<BooleanSupplier> queryChecks = new ArrayList<>();

    ServerTransaction(ByteString id, String database, boolean readOnly, long readMicros) {
        this.id = id;
        this.database = database;
        this.readOnly = readOnly;
        this.readMicros = readMicros;
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    synchronized void addQueryCheck(BooleanSupplier unchanged) {
        queryChecks.add(unchanged);
    }

    /** Whether every query this transaction ran still has the same results (call under the commit lock). */
    synchronized boolean queriesUnchanged() {
        for (BooleanSupplier check : queryChecks) {
            if (!check.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    String idText() {
        return java.util.HexFormat.of().formatHex(id.toByteArray());
    }
}
