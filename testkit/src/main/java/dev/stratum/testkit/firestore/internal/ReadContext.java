package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.TransactionOptions;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import org.jspecify.annotations.Nullable;

/**
 * How one read request reads: at the newest state, at a requested {@code read_time}, in a read-only
 * transaction (at its read time) or in a read-write transaction (newest state, locking what it reads);
 * {@code started} is set when the request began the transaction itself ({@code new_transaction}).
 */
record ReadContext(@Nullable ServerTransaction transaction, boolean started, long fixedMicros) {

    /** Whether reads lock documents (a read-write transaction). */
    boolean locking() {
        return transaction != null && !transaction.readOnly;
    }

    /** The time to read at, when not locking. */
    long at(DocumentStore store) {
        if (transaction != null) {
            return transaction.readOnly ? transaction.readMicros : store.readTime();
        }
        return fixedMicros >= 0 ? fixedMicros : store.readTime();
    }

    static ReadContext resolve(ServerState s, String database, @Nullable ByteString transaction, @Nullable TransactionOptions newTransaction,
            @Nullable Timestamp readTime) {
        if (transaction != null) {
            return new ReadContext(s.transactions.get(database, transaction), false, -1);
        }
        if (newTransaction != null) {
            return new ReadContext(s.transactions.begin(database, newTransaction.hasReadWrite() ? newTransaction
                    : TransactionOptions.newBuilder().setReadOnly(newTransaction.getReadOnly()).build(), s.store), true, -1);
        }
        if (readTime != null) {
            return new ReadContext(null, false, s.store.readTimeAt(readTime));
        }
        return new ReadContext(null, false, -1);
    }
}
