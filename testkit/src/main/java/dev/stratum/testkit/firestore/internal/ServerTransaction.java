package dev.stratum.testkit.firestore.internal;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One transaction. A read-only one reads at its fixed read time and holds nothing. A read-write one holds a
 * shared lock on every document it read until it ends, takes exclusive locks on the documents it writes
 * while its commit is applied, and remembers its queries, which its commit re-runs: if another commit
 * changed a query's results (a phantom), the commit is {@code ABORTED} and the client retries.
 *
 * <p>Its age (a sequence number, kept by a retry through {@code retry_transaction}) decides conflicts:
 * an older committer wounds (aborts) younger holders, a younger one waits for older ones.
 * State and locks are guarded by {@link Transactions}' monitor.
 */
final class ServerTransaction {
    enum State { ACTIVE, COMMITTING, FINISHED, ABORTED, EXPIRED }

    final ByteString id;
    final long age;
    final String database;
    final boolean readOnly;
    final long readMicros;
    final long startNanos = System.nanoTime();
    volatile long lastActivityNanos = startNanos;
    State state = State.ACTIVE;
    String abortReason = "";
    final Set<String> shared = new HashSet<>();
    final Set<String> exclusive = new HashSet<>();
    private final List<BooleanSupplier> queryChecks = new ArrayList<>();

    ServerTransaction(ByteString id, String database, boolean readOnly, long readMicros) {
        this.id = id;
        this.age = ageOf(id);
        this.database = database;
        this.readOnly = readOnly;
        this.readMicros = readMicros;
    }

    /** The age encoded in the first 8 bytes of an id this server issued, else -1. */
    static long ageOf(ByteString id) {
        return id.size() == 16 ? ByteBuffer.wrap(id.toByteArray()).getLong() : -1;
    }

    boolean olderThan(ServerTransaction other) {
        return age < other.age;
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
        return HexFormat.of().formatHex(id.toByteArray());
    }
}
