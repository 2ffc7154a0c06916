package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.TransactionOptions;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The open transactions and the document lock table, with Firestore's pessimistic concurrency:
 *
 * <ul>
 *   <li>a read in a read-write transaction takes a <em>shared</em> lock on the document (existing or not),
 *       kept until the transaction ends; reads never wait for each other;
 *   <li>a commit takes <em>exclusive</em> locks on every document it writes, all at once, only while it is
 *       applied. A transaction's commit conflicts with other transactions' shared locks: it <em>wounds</em>
 *       (aborts) younger holders and waits for older ones (wound-wait, so no deadlock); a wounded transaction
 *       keeps reading without locks and its commit answers {@code ABORTED}, so the client retries it — the
 *       client retries a failed commit, not a failed read inside the application's function;
 *   <li>a write outside a transaction waits until no transaction holds a lock on what it writes.
 * </ul>
 *
 * <p>A retry ({@code retry_transaction}) keeps its age, so it eventually wins. Abandoned transactions expire
 * after {@value #IDLE_SECONDS} s idle or {@value #LIFETIME_SECONDS} s in all, releasing their locks.
 */
final class Transactions {
    static final long IDLE_SECONDS = 60;
    static final long LIFETIME_SECONDS = 270;
    static final String EXPIRED_MESSAGE = "The referenced transaction has expired or is no longer valid (transaction has expired)";

    private static final class Lock {
        final Set<ServerTransaction> shared = new HashSet<>();
        @Nullable Object exclusive;

        boolean free() {
            return shared.isEmpty() && exclusive == null;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private long nextAge;
    private final Map<ByteString, ServerTransaction> open = new HashMap<>();
    private final Map<String, Lock> locks = new HashMap<>();
    /** Recently ended transactions: rolling one back again (the client does after a failed commit) is not an error. */
    private final Map<ByteString, Boolean> ended = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
            return size() > 10_000;
        }
    };

    ServerTransaction begin(String database, TransactionOptions options, DocumentStore store) {
        boolean readOnly = options.hasReadOnly();
        long readMicros = 0;
        if (readOnly) {
            // outside the monitor: readTimeAt may take the commit lock, and a commit takes the monitor
            readMicros = options.getReadOnly().hasReadTime() ? store.readTimeAt(options.getReadOnly().getReadTime()) : store.readTime();
        }
        synchronized (this) {
            long age = ++nextAge;
            if (options.hasReadWrite() && !options.getReadWrite().getRetryTransaction().isEmpty()) {
                long previous = ServerTransaction.ageOf(options.getReadWrite().getRetryTransaction());
                if (previous > 0 && previous < age) {
                    age = previous;
                }
            }
            ByteBuffer id = ByteBuffer.allocate(16).putLong(age).putLong(random.nextLong());
            ServerTransaction t = new ServerTransaction(ByteString.copyFrom(id.array()), database, readOnly, readMicros);
            open.put(t.id, t);
            return t;
        }
    }

    /** Rolls back (ends) the transaction with this id, aborted or not. */
    synchronized void rollback(String database, ByteString id) {
        ServerTransaction t = open.get(id);
        if (t == null && ended.containsKey(id)) {
            return;
        }
        if (t == null || !t.database.equals(database)) {
            throw FirestoreError.invalid(EXPIRED_MESSAGE);
        }
        end(t, ServerTransaction.State.FINISHED);
    }

    /**
     * The open transaction with this id in this database, or the error Firestore gives for a dead one. A
     * wounded (aborted) transaction is still returned: its reads go on without locks, its commit fails.
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

    /** A shared lock on {@code name} for a read of {@code t}; waits only while a commit is being applied to it. */
    synchronized void lockShared(ServerTransaction t, String name) {
        while (true) {
            if (t.state == ServerTransaction.State.ABORTED) {
                return;
            }
            checkActive(t);
            Lock l = locks.computeIfAbsent(name, k -> new Lock());
            if (l.exclusive == null || l.exclusive == t) {
                l.shared.add(t);
                t.shared.add(name);
                return;
            }
            t.touch();
            pause();
        }
    }

    /**
     * Exclusive locks on all of {@code names} for the commit of {@code t}, taken at once: younger transactions
     * holding one are wounded, older ones waited for. Afterwards {@code t} is committing and cannot be wounded.
     * Throws {@code ABORTED} if {@code t} was wounded.
     */
    synchronized void lockForCommit(ServerTransaction t, Collection<String> names) {
        while (true) {
            checkActive(t);
            boolean blocked = false;
            for (String n : names) {
                Lock l = locks.get(n);
                if (l == null) {
                    continue;
                }
                if (l.exclusive != null && l.exclusive != t) {
                    blocked = true;
                }
                for (ServerTransaction h : new ArrayList<>(l.shared)) {
                    if (h == t) {
                        continue;
                    }
                    if (expired(h)) {
                        end(h, ServerTransaction.State.EXPIRED);
                    } else if (t.olderThan(h) && h.state == ServerTransaction.State.ACTIVE) {
                        h.abortReason = "an older transaction committed a write to " + n + ", which it had read";
                        end(h, ServerTransaction.State.ABORTED);
                    } else {
                        blocked = true;
                    }
                }
            }
            if (!blocked) {
                for (String n : names) {
                    locks.computeIfAbsent(n, k -> new Lock()).exclusive = t;
                    t.exclusive.add(n);
                }
                t.state = ServerTransaction.State.COMMITTING;
                return;
            }
            t.touch();
            pause();
        }
    }

    /** Takes every document in {@code names} for a write outside a transaction, waiting until none is locked. */
    synchronized void lockAll(Object owner, Collection<String> names) {
        while (true) {
            boolean free = true;
            for (String n : names) {
                Lock l = locks.get(n);
                if (l == null) {
                    continue;
                }
                for (ServerTransaction h : new ArrayList<>(l.shared)) {
                    if (expired(h)) {
                        end(h, ServerTransaction.State.EXPIRED);
                    }
                }
                if (!l.free()) {
                    free = false;
                }
            }
            if (free) {
                names.forEach(n -> locks.computeIfAbsent(n, k -> new Lock()).exclusive = owner);
                return;
            }
            pause();
        }
    }

    synchronized void unlockAll(Object owner, Collection<String> names) {
        for (String n : names) {
            Lock l = locks.get(n);
            if (l != null && l.exclusive == owner) {
                l.exclusive = null;
                if (l.free()) {
                    locks.remove(n);
                }
            }
        }
        notifyAll();
    }

    /** Ends {@code t} (committed or rolled back), releasing its locks. */
    synchronized void finish(ServerTransaction t) {
        end(t, ServerTransaction.State.FINISHED);
    }

    /** Forgets every transaction and lock (the server was reset). */
    synchronized void clear() {
        for (ServerTransaction t : open.values()) {
            t.state = ServerTransaction.State.EXPIRED;
        }
        open.clear();
        ended.clear();
        locks.clear();
        notifyAll();
    }

    /** Throws unless {@code t} can go on to commit: {@code ABORTED} if it was wounded, the expiry error if it ended. */
    synchronized void checkActive(ServerTransaction t) {
        if (t.state == ServerTransaction.State.ABORTED) {
            throw FirestoreError.aborted("Transaction " + t.idText() + " was aborted because of contention: " + t.abortReason
                    + "; retry the transaction");
        }
        if (t.state != ServerTransaction.State.ACTIVE && t.state != ServerTransaction.State.COMMITTING) {
            throw FirestoreError.invalid(EXPIRED_MESSAGE);
        }
    }

    private void end(ServerTransaction t, ServerTransaction.State state) {
        if (t.state == ServerTransaction.State.ACTIVE || t.state == ServerTransaction.State.COMMITTING) {
            t.state = state;
        }
        if (state != ServerTransaction.State.ABORTED) {
            open.remove(t.id);
            ended.put(t.id, Boolean.TRUE);
        }
        release(t, t.shared);
        release(t, t.exclusive);
        notifyAll();
    }

    private void release(ServerTransaction t, Set<String> names) {
        for (String n : names) {
            Lock l = locks.get(n);
            if (l != null) {
                l.shared.remove(t);
                if (l.exclusive == t) {
                    l.exclusive = null;
                }
                if (l.free()) {
                    locks.remove(n);
                }
            }
        }
        names.clear();
    }

    private static boolean expired(ServerTransaction t) {
        if (t.state == ServerTransaction.State.COMMITTING) {
            return false;
        }
        long now = System.nanoTime();
        return now - t.lastActivityNanos > TimeUnit.SECONDS.toNanos(IDLE_SECONDS) || now - t.startNanos > TimeUnit.SECONDS.toNanos(LIFETIME_SECONDS);
    }

    @SuppressWarnings("WaitNotInLoop") // the callers loop, re-checking the document lock after every pause
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
