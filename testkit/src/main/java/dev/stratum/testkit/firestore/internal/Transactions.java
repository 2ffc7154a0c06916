package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.TransactionOptions;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The open transactions and the document lock table.
 *
 * <p>Locks are exclusive and pessimistic: a read-write transaction locks each document it reads (existing
 * or not) and each it writes, and keeps them until it commits or rolls back. A transaction that wants a lock
 * another holds waits; if waiting would close a cycle of transactions waiting on each other (a deadlock),
 * the requesting transaction is {@code ABORTED} (the client retries it). A write outside a transaction
 * waits until every document it writes is free, then takes them all at once, so it never deadlocks.
 * Abandoned transactions expire after {@value #IDLE_SECONDS} s idle or {@value #LIFETIME_SECONDS} s in
 * all, releasing their locks, like Firestore's.
 */
final class Transactions {
    static final long IDLE_SECONDS = 60;
    static final long LIFETIME_SECONDS = 270;
    static final String EXPIRED_MESSAGE = "The referenced transaction has expired or is no longer valid (transaction has expired)";

    private final SecureRandom random = new SecureRandom();
    private final Map<ByteString, ServerTransaction> open = new HashMap<>();
    private final Map<String, Object> owners = new HashMap<>();
    private final Map<ServerTransaction, String> waitingFor = new HashMap<>();

    ServerTransaction begin(String database, TransactionOptions options, DocumentStore store) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        boolean readOnly = options.hasReadOnly();
        long readMicros = 0;
        if (readOnly) {
            // outside the monitor: readTimeAt may take the commit lock, and a commit takes the monitor
            readMicros = options.getReadOnly().hasReadTime() ? store.readTimeAt(options.getReadOnly().getReadTime()) : store.readTime();
        }
        ServerTransaction t = new ServerTransaction(ByteString.copyFrom(id), database, readOnly, readMicros);
        synchronized (this) {
            open.put(t.id, t);
        }
        return t;
    }

    /** Rolls back (ends) the transaction with this id, aborted or not. */
    synchronized void rollback(String database, ByteString id) {
        ServerTransaction t = open.get(id);
        if (t == null || !t.database.equals(database)) {
            throw FirestoreError.invalid(EXPIRED_MESSAGE);
        }
        end(t, ServerTransaction.State.FINISHED);
        open.remove(t.id);
    }

    /**
     * The open transaction with this id in this database, or the error Firestore gives for a dead one. A
     * transaction aborted to break a deadlock is still returned: its reads go on (without locks) and its
     * commit answers {@code ABORTED}, because the client retries a transaction only when its commit (not a
     * read inside the application's function) fails.
     */
    synchronized ServerTransaction get(String database, ByteString id) {
        ServerTransaction t = open.get(id);
        if (t == null || !t.database.equals(database)) {
            throw FirestoreError.invalid(EXPIRED_MESSAGE);
        }
        if (expired(t)) {
            end(t, ServerTransaction.State.EXPIRED);
            throw FirestoreError.invalid(EXPIRED_MESSAGE);
        }
        t.touch();
        return t;
    }

    /**
     * Locks {@code name} for {@code t}, waiting while another holds it. If waiting would close a cycle of
     * transactions waiting on each other (a deadlock), {@code t} is aborted instead: it loses its locks, this
     * and later reads go on without locking, and its commit answers {@code ABORTED} so the client retries.
     */
    synchronized void lock(ServerTransaction t, String name) {
        try {
            while (true) {
                if (t.state == ServerTransaction.State.ABORTED) {
                    return;
                }
                checkActive(t);
                Object holder = owners.get(name);
                if (holder == null) {
                    owners.put(name, t);
                    t.held.add(name);
                    return;
                }
                if (holder == t) {
                    return;
                }
                if (holder instanceof ServerTransaction h && expired(h)) {
                    end(h, ServerTransaction.State.EXPIRED);
                    continue;
                }
                if (closesCycle(t, holder)) {
                    t.abortReason = "it was chosen to break a deadlock (it waited for " + name + ", held by a transaction waiting for it)";
                    end(t, ServerTransaction.State.ABORTED);
                    return;
                }
                waitingFor.put(t, name);
                t.touch();
                pause();
            }
        } finally {
            waitingFor.remove(t);
        }
    }

    /** Takes every document in {@code names} for a write outside a transaction, waiting until all are free. */
    synchronized void lockAll(Object owner, Collection<String> names) {
        while (true) {
            boolean free = true;
            for (String n : names) {
                Object h = owners.get(n);
                if (h instanceof ServerTransaction t && expired(t)) {
                    end(t, ServerTransaction.State.EXPIRED);
                    h = null;
                }
                if (h != null && h != owner) {
                    free = false;
                    break;
                }
            }
            if (free) {
                names.forEach(n -> owners.put(n, owner));
                return;
            }
            pause();
        }
    }

    synchronized void unlockAll(Object owner, Collection<String> names) {
        for (String n : names) {
            owners.remove(n, owner);
        }
        notifyAll();
    }

    /** Ends {@code t} (committed or rolled back), releasing its locks. */
    synchronized void finish(ServerTransaction t) {
        end(t, ServerTransaction.State.FINISHED);
        open.remove(t.id);
    }

    /** Forgets every transaction and lock (the server was reset). */
    synchronized void clear() {
        for (ServerTransaction t : open.values()) {
            t.state = ServerTransaction.State.EXPIRED;
        }
        open.clear();
        owners.clear();
        notifyAll();
    }

    /** Throws unless {@code t} can commit: {@code ABORTED} if it was aborted, the expiry error if it ended. */
    synchronized void checkActive(ServerTransaction t) {
        if (t.state == ServerTransaction.State.ABORTED) {
            throw FirestoreError.aborted("Transaction " + t.idText() + " was aborted because of contention: " + t.abortReason
                    + "; retry the transaction");
        }
        if (t.state != ServerTransaction.State.ACTIVE) {
            throw FirestoreError.invalid(EXPIRED_MESSAGE);
        }
    }

    private void end(ServerTransaction t, ServerTransaction.State state) {
        if (t.state == ServerTransaction.State.ACTIVE) {
            t.state = state;
        }
        if (state != ServerTransaction.State.ABORTED) {
            open.remove(t.id);
        }
        for (String n : t.held) {
            owners.remove(n, t);
        }
        t.held.clear();
        notifyAll();
    }

    private boolean closesCycle(ServerTransaction requester, Object holder) {
        Object x = holder;
        for (int steps = 0; steps < 10_000; steps++) {
            if (x == requester) {
                return true;
            }
            if (!(x instanceof ServerTransaction xt)) {
                return false;
            }
            String waited = waitingFor.get(xt);
            if (waited == null) {
                return false;
            }
            @Nullable Object next = owners.get(waited);
            if (next == null) {
                return false;
            }
            x = next;
        }
        return false;
    }

    private static boolean expired(ServerTransaction t) {
        long now = System.nanoTime();
        return now - t.lastActivityNanos > TimeUnit.SECONDS.toNanos(IDLE_SECONDS) || now - t.startNanos > TimeUnit.SECONDS.toNanos(LIFETIME_SECONDS);
    }

    private void pause() {
        if (Context.current().isCancelled()) {
            throw FirestoreError.cancelled("The request was cancelled while it waited for a document lock");
        }
        try {
            wait(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FirestoreError.cancelled("Interrupted while waiting for a document lock");
        }
    }
}
