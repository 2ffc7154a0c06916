package dev.stratum.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Transaction;
import com.google.cloud.firestore.TransactionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Transaction isolation: read-write transactions lock what they read; conflicts wait or abort and the client retries. */
class FirestoreTransactionTest extends FirestoreServerTestBase {

    @Test
    void concurrentIncrementsInTransactionsLoseNoUpdate() throws Exception {
        DocumentReference counter = col.document("counter");
        counter.set(Map.of("n", 0L)).get();
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        db.runTransaction(tx -> {
                            long n = tx.get(counter).get().getLong("n");
                            tx.update(counter, "n", n + 1);
                            return null;
                        }, TransactionOptions.createReadWriteOptionsBuilder().setNumberOfAttempts(20).build()).get();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter.get().get().getLong("n")).isEqualTo((long) threads * perThread);
    }

    @Test
    void aWriteOutsideTheTransactionWaitsForItsLock() throws Exception {
        DocumentReference doc = col.document("a");
        doc.set(Map.of("n", 1L)).get();
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> tx = pool.submit(() -> db.runTransaction(t -> {
                long n = t.get(doc).get().getLong("n");
                read.countDown();
                release.await();
                t.update(doc, "n", n + 10);
                return n;
            }).get());
            read.await();
            Future<?> blind = pool.submit(() -> doc.update("n", 100L).get());
            // the blind write is blocked by the transaction's lock; let the transaction finish first
            release.countDown();
            assertThat(tx.get(1, TimeUnit.MINUTES)).isEqualTo(1L);
            blind.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        // serial order: the transaction (1 -> 11) committed before the blind write (-> 100)
        assertThat(doc.get().get().getLong("n")).isEqualTo(100L);
    }

    @Test
    void deadlockedTransactionsAreAbortedAndRetried() throws Exception {
        DocumentReference a = col.document("a");
        DocumentReference b = col.document("b");
        a.set(Map.of("n", 0L)).get();
        b.set(Map.of("n", 0L)).get();
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch bothRead = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> f1 = pool.submit(() -> db.runTransaction(t -> swap(t, a, b, attempts, bothRead)).get());
            Future<?> f2 = pool.submit(() -> db.runTransaction(t -> swap(t, b, a, attempts, bothRead)).get());
            f1.get(2, TimeUnit.MINUTES);
            f2.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(attempts.get()).as("one of the two was aborted and retried").isGreaterThan(2);
        assertThat(a.get().get().getLong("n") + b.get().get().getLong("n")).isEqualTo(2L);
    }

    private static Object swap(Transaction t, DocumentReference first, DocumentReference second, AtomicInteger attempts, CountDownLatch bothRead)
            throws Exception {
        attempts.incrementAndGet();
        long x = t.get(first).get().getLong("n");
        bothRead.countDown();
        bothRead.await(5, TimeUnit.SECONDS);
        long y = t.get(second).get().getLong("n");
        t.update(first, "n", x + 1);
        t.update(second, "n", y);
        return null;
    }

    @Test
    void aQueryInATransactionIsProtectedFromPhantoms() throws Exception {
        col.document("a").set(Map.of("open", true)).get();
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> insert = null;
        int counted;
        try {
            List<Future<?>> inserts = new ArrayList<>();
            ApiFuture<Integer> tx = db.runTransaction(t -> {
                int n = t.get(col.whereEqualTo("open", true)).get().size();
                if (attempts.incrementAndGet() == 1) {
                    // a concurrent insert that matches the query: on this server it commits at once (the new document is
                    // not locked) and the transaction's commit is ABORTED and retried; a server that locks the query's
                    // range makes the insert wait until the transaction has committed instead
                    Future<?> f = pool.submit(() -> col.document("b").set(Map.of("open", true)).get());
                    inserts.add(f);
                    try {
                        f.get(3, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException waitsForTheTransaction) {
                        // the insert is serialized after this transaction
                    }
                }
                t.set(col.document("count"), Map.of("n", (long) n));
                return n;
            });
            counted = tx.get(1, TimeUnit.MINUTES);
            insert = inserts.get(0);
            insert.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        // serializable either way: counted before the insert (1, one attempt) or after it (2, retried once)
        assertThat(counted == 2 ? attempts.get() == 2 : counted == 1 && attempts.get() == 1).as("counted %s in %s attempts", counted, attempts.get())
                .isTrue();
        assertThat(col.document("count").get().get().getLong("n")).isEqualTo((long) counted);
        if (server.isInProcess()) {
            assertThat(counted).isEqualTo(2);
        }
    }

    @Test
    void readOnlyTransactionsReadOneSnapshotAndCannotWrite() throws Exception {
        DocumentReference doc = col.document("a");
        doc.set(Map.of("n", 1L)).get();
        List<Long> seen = new ArrayList<>();
        db.runTransaction(t -> {
            seen.add(t.get(doc).get().getLong("n"));
            doc.set(Map.of("n", 2L)).get();
            seen.add(t.get(doc).get().getLong("n"));
            return null;
        }, TransactionOptions.createReadOnlyOptionsBuilder().build()).get();
        assertThat(seen).containsExactly(1L, 1L);
        assertThat(doc.get().get().getLong("n")).isEqualTo(2L);
    }

    @Test
    void aFailedTransactionFunctionRollsBackAndReleasesItsLocks() throws Exception {
        DocumentReference doc = col.document("a");
        doc.set(Map.of("n", 1L)).get();
        ApiFuture<Object> failed = db.runTransaction(t -> {
            t.get(doc).get();
            t.update(doc, "n", 5L);
            throw new IllegalStateException("application failure");
        });
        try {
            failed.get();
        } catch (java.util.concurrent.ExecutionException expected) {
            assertThat(expected).hasRootCauseInstanceOf(IllegalStateException.class);
        }
        // not blocked by a lock left behind, and nothing written
        doc.update("n", 2L).get(30, TimeUnit.SECONDS);
        DocumentSnapshot s = doc.get().get();
        assertThat(s.getLong("n")).isEqualTo(2L);
    }

    @Test
    void transactionalCreateOfTheSameIdConflicts() throws Exception {
        DocumentReference doc = col.document("unique");
        int writers = 6;
        AtomicInteger created = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                long me = i;
                results.add(pool.submit(() -> db.runTransaction(t -> {
                    if (t.get(doc).get().exists()) {
                        return false;
                    }
                    t.create(doc, Map.of("owner", me));
                    return true;
                }).get()));
            }
            for (Future<Boolean> f : results) {
                if (f.get(2, TimeUnit.MINUTES)) {
                    created.incrementAndGet();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(created.get()).isEqualTo(1);
    }
}
