package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationRecord.Outcome;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules every store's {@link MigrationTarget} must keep, so that the one lock protocol of the
 * migration engine is safe on it: each lease primitive is atomic, tokens only grow, only the holder
 * renews and releases, an expired lease is taken over, fenced history writes refuse a stale lease,
 * and the history round-trips every field in version order. A store's test is a short subclass:
 *
 * <pre>{@code
 * class RedisMigrationTargetTest extends MigrationTargetCompatibilityKit {
 *     static RedisStore store, other;   // two clients of one server
 *
 *     @BeforeAll static void start() { store = RedisStore.builder().uri(uri).build(); other = RedisStore.builder().uri(uri).build(); }
 *     @AfterAll static void stop() { store.close(); other.close(); }
 *
 *     @Override protected MigrationTarget target() { return MigrationTargets.of(store); }
 *     @Override protected MigrationTarget secondTarget() { return MigrationTargets.of(other); }
 *     @Override protected void resetTarget() { store.unwrap(RedisCommands.class).del("stratum:migrations:history", ...); }
 * }
 * }</pre>
 *
 * <p>The checks are grouped in {@code @Nested} classes: {@link LeaseRules}, {@link Fencing},
 * {@link History} and {@link Concurrency}. Before each test {@link #resetTarget()} empties the
 * history and frees the lock; leases a test acquires are released after it. Lease expiry is waited
 * for by polling (never by asserting durations), with leases of {@link #shortLeaseTime()}.
 */
public abstract class MigrationTargetCompatibilityKit {
    private static final Duration LONG_LEASE = Duration.ofSeconds(30);
    private final List<Lease> acquired = new CopyOnWriteArrayList<>();

    /** The store's migration target under test. */
    protected abstract MigrationTarget target();

    /**
     * A second, independent client of the same store (its own connection), for the checks where two
     * runners compete. Defaults to {@link #target()}.
     */
    protected MigrationTarget secondTarget() {
        return target();
    }

    /**
     * Empties the history and frees the lock before each test. The default goes through the SPI: it
     * waits for any leftover lease to expire, deletes every record and releases. Override to wipe the
     * store natively (drop the collection, delete the keys), which is faster and also resets a
     * corrupted state.
     */
    protected void resetTarget() {
        MigrationTarget t = target();
        Lease lease = awaitAcquire(t, "kit-reset-" + UUID.randomUUID(), LONG_LEASE, "resetTarget() (override it to wipe the store natively)");
        for (MigrationRecord r : t.history()) {
            t.deleteRecord(lease, r.version());
        }
        t.release(lease);
    }

    /** The lease time of checks that wait for an expiry; 400 ms unless overridden. */
    protected Duration shortLeaseTime() {
        return Duration.ofMillis(400);
    }

    /** How long to poll for an expired lease to be taken over before failing; 10 s unless overridden. */
    protected Duration expiryTimeout() {
        return Duration.ofSeconds(10);
    }

    /** How far the store's clock may be from this JVM's when checking {@code expiresAt}; 5 s unless overridden. */
    protected Duration clockTolerance() {
        return Duration.ofSeconds(5);
    }

    /** How many threads compete in the {@link Concurrency} checks; 8 unless overridden. */
    protected int concurrentClients() {
        return 8;
    }

    @BeforeEach
    void resetBeforeEach() {
        resetTarget();
        assertThat(target().currentLease()).as("the lock after resetTarget()").isEmpty();
        assertThat(target().history()).as("the history after resetTarget()").isEmpty();
    }

    @AfterEach
    void releaseLeases() {
        for (Lease l : acquired) {
            try {
                target().release(l);
            } catch (RuntimeException ignored) {
                // the next reset copes with what is left
            }
        }
        acquired.clear();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A fresh owner id. */
    protected static String owner(String name) {
        return "kit-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Acquires a free lock, failing the test if it is held. */
    protected Lease acquire(MigrationTarget t, String owner, Duration leaseTime) {
        Optional<Lease> lease = t.tryAcquire(owner, leaseTime);
        assertThat(lease).as("tryAcquire(%s) on a free lock", owner).isPresent();
        acquired.add(lease.get());
        return lease.get();
    }

    /** Polls {@code tryAcquire} until it succeeds (an earlier lease expired) or {@link #expiryTimeout()} passes. */
    protected Lease awaitAcquire(MigrationTarget t, String owner, Duration leaseTime, String what) {
        long deadline = System.nanoTime() + expiryTimeout().toNanos();
        while (true) {
            Optional<Lease> lease = t.tryAcquire(owner, leaseTime);
            if (lease.isPresent()) {
                acquired.add(lease.get());
                return lease.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": the lock was not acquirable within " + expiryTimeout() + "; it is held by "
                        + t.currentLease().orElse(null) + ". An expired lease must be taken over by tryAcquire");
            }
            sleep(20);
        }
    }

    /** A SUCCEEDED record of a version with millisecond timestamps. */
    protected static MigrationRecord record(String version, Outcome outcome) {
        Instant started = Instant.parse("2026-11-03T10:15:30.123Z");
        return new MigrationRecord(MigrationVersion.parse(version), "migration " + version, "cafe" + version.replace(".", ""), "kit-runner",
                started, started.plusMillis(1234), Duration.ofMillis(1234), outcome, outcome == Outcome.FAILED ? "java.lang.IllegalStateException: boom" : null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void assertSameLease(Optional<Lease> actual, Lease expected, String what) {
        assertThat(actual).as(what).isPresent();
        assertThat(actual.get().owner()).as(what + ": owner").isEqualTo(expected.owner());
        assertThat(actual.get().token()).as(what + ": fencing token").isEqualTo(expected.token());
    }

    /** Acquires with {@link #shortLeaseTime()} and waits until another owner took it over. */
    private Lease[] expiredAndTakenOver() {
        Lease first = acquire(target(), owner("first"), shortLeaseTime());
        Lease second = awaitAcquire(secondTarget(), owner("second"), LONG_LEASE, "takeover of an expired lease");
        return new Lease[] {first, second};
    }

    // ---- the checks --------------------------------------------------------------------------

    /** Acquire, refuse, expire, renew, release. */
    @Nested
    @DisplayName("lease rules")
    class LeaseRules {

        @Test
        @DisplayName("a free lock is acquired, and currentLease() shows it")
        void acquiresFreeLock() {
            String a = owner("a");
            Instant before = Instant.now();
            Lease lease = acquire(target(), a, LONG_LEASE);
            assertThat(lease.owner()).isEqualTo(a);
            assertThat(lease.expiresAt()).as("expiresAt of a %s lease", LONG_LEASE)
                    .isBetween(before.plus(LONG_LEASE).minus(clockTolerance()), Instant.now().plus(LONG_LEASE).plus(clockTolerance()));
            assertSameLease(target().currentLease(), lease, "currentLease()");
            assertSameLease(secondTarget().currentLease(), lease, "currentLease() seen by a second client");
        }

        @Test
        @DisplayName("a held lock is refused to every other owner, on every client")
        void refusesWhileHeld() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            assertThat(target().tryAcquire(owner("b"), LONG_LEASE)).as("tryAcquire by another owner while held").isEmpty();
            assertThat(secondTarget().tryAcquire(owner("c"), LONG_LEASE)).as("tryAcquire from a second client while held").isEmpty();
            assertSameLease(target().currentLease(), lease, "currentLease() after refused attempts");
        }

        @Test
        @DisplayName("an expired lease is taken over with a strictly larger token")
        void takesOverExpiredLease() {
            Lease[] leases = expiredAndTakenOver();
            assertThat(leases[1].token()).as("token after takeover").isGreaterThan(leases[0].token());
            assertSameLease(target().currentLease(), leases[1], "currentLease() after takeover");
        }

        @Test
        @DisplayName("every acquisition gets a larger token, also after release")
        void tokensGrow() {
            List<Long> tokens = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                MigrationTarget t = i % 2 == 0 ? target() : secondTarget();
                Lease lease = acquire(t, owner("cycle" + i), LONG_LEASE);
                tokens.add(lease.token());
                t.release(lease);
            }
            assertThat(tokens).as("tokens of successive acquisitions").isSorted().doesNotHaveDuplicates();
        }

        @Test
        @DisplayName("the holder renews its lease: same owner and token, later expiry")
        void renewsByHolder() {
            Lease lease = acquire(target(), owner("a"), Duration.ofSeconds(5));
            Optional<Lease> renewed = target().renew(lease, LONG_LEASE);
            assertSameLease(renewed, lease, "renew() by the holder");
            assertThat(renewed.get().expiresAt()).as("expiry after renewal").isAfter(lease.expiresAt());
            assertThat(secondTarget().tryAcquire(owner("b"), LONG_LEASE)).as("tryAcquire after renewal").isEmpty();
        }

        @Test
        @DisplayName("renew() is refused to another owner or another token")
        void renewRefusedToOthers() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            assertThat(target().renew(new Lease(owner("intruder"), lease.token(), lease.expiresAt()), LONG_LEASE))
                    .as("renew() with the holder's token but another owner").isEmpty();
            assertThat(target().renew(new Lease(lease.owner(), lease.token() - 1, lease.expiresAt()), LONG_LEASE))
                    .as("renew() by the holder's owner with an older token").isEmpty();
            assertSameLease(target().currentLease(), lease, "currentLease() after refused renewals");
        }

        @Test
        @DisplayName("renew() is refused after a takeover and after release")
        void renewRefusedWhenLost() {
            Lease[] leases = expiredAndTakenOver();
            assertThat(target().renew(leases[0], LONG_LEASE)).as("renew() of a lease taken over").isEmpty();
            assertSameLease(target().currentLease(), leases[1], "currentLease() after a stale renewal");
            secondTarget().release(leases[1]);
            assertThat(secondTarget().renew(leases[1], LONG_LEASE)).as("renew() of a released lease").isEmpty();
            assertThat(target().currentLease()).as("currentLease() after release").isEmpty();
        }

        @Test
        @DisplayName("release() frees the lock for anyone at once")
        void releaseFrees() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            target().release(lease);
            assertThat(target().currentLease()).as("currentLease() after release").isEmpty();
            Lease next = acquire(secondTarget(), owner("b"), LONG_LEASE);
            assertThat(next.token()).isGreaterThan(lease.token());
        }

        @Test
        @DisplayName("release() by anyone but the current holder is a no-op")
        void releaseOnlyByHolder() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            target().release(new Lease(owner("intruder"), lease.token(), lease.expiresAt()));
            target().release(new Lease(lease.owner(), lease.token() - 1, lease.expiresAt()));
            assertSameLease(target().currentLease(), lease, "currentLease() after foreign releases");
            assertThat(secondTarget().tryAcquire(owner("b"), LONG_LEASE)).as("tryAcquire after foreign releases").isEmpty();
        }

        @Test
        @DisplayName("release() of a lease taken over does not free the new holder's")
        void staleReleaseKeepsNewHolder() {
            Lease[] leases = expiredAndTakenOver();
            target().release(leases[0]);
            assertSameLease(target().currentLease(), leases[1], "currentLease() after the previous holder's stale release");
        }
    }

    /** History writes are fenced by the lease. */
    @Nested
    @DisplayName("fencing")
    class Fencing {

        @Test
        @DisplayName("the current holder writes and deletes records")
        void holderWrites() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            target().writeRecord(lease, record("1", Outcome.SUCCEEDED));
            target().writeRecord(lease, record("2", Outcome.SUCCEEDED));
            target().deleteRecord(lease, MigrationVersion.parse("1"));
            assertThat(target().history()).extracting(MigrationRecord::version).containsExactly(MigrationVersion.parse("2"));
        }

        @Test
        @DisplayName("a lease taken over can neither write nor delete (LeaseLostException)")
        void staleLeaseRefused() {
            Lease first = acquire(target(), owner("first"), shortLeaseTime());
            target().writeRecord(first, record("1", Outcome.SUCCEEDED));
            Lease second = awaitAcquire(secondTarget(), owner("second"), LONG_LEASE, "takeover of an expired lease");
            assertThatThrownBy(() -> target().writeRecord(first, record("2", Outcome.SUCCEEDED)))
                    .as("writeRecord with a stale lease").isInstanceOf(LeaseLostException.class);
            assertThatThrownBy(() -> target().deleteRecord(first, MigrationVersion.parse("1")))
                    .as("deleteRecord with a stale lease").isInstanceOf(LeaseLostException.class);
            assertThat(target().history()).as("history after refused writes").extracting(MigrationRecord::version)
                    .containsExactly(MigrationVersion.parse("1"));
            secondTarget().writeRecord(second, record("2", Outcome.SUCCEEDED));
            assertThat(target().history()).hasSize(2);
        }

        @Test
        @DisplayName("a forged lease (other owner or token) cannot write")
        void forgedLeaseRefused() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            assertThatThrownBy(() -> target().writeRecord(new Lease(owner("intruder"), lease.token(), lease.expiresAt()), record("1", Outcome.SUCCEEDED)))
                    .as("writeRecord by another owner with the holder's token").isInstanceOf(LeaseLostException.class);
            assertThatThrownBy(() -> target().writeRecord(new Lease(lease.owner(), lease.token() - 1, lease.expiresAt()), record("1", Outcome.SUCCEEDED)))
                    .as("writeRecord with an older token").isInstanceOf(LeaseLostException.class);
            assertThat(target().history()).isEmpty();
        }

        @Test
        @DisplayName("a released lease, or no lease at all, cannot write")
        void releasedLeaseRefused() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            target().writeRecord(lease, record("1", Outcome.SUCCEEDED));
            target().release(lease);
            assertThatThrownBy(() -> target().writeRecord(lease, record("2", Outcome.SUCCEEDED)))
                    .as("writeRecord after release (lock free)").isInstanceOf(LeaseLostException.class);
            assertThatThrownBy(() -> target().deleteRecord(lease, MigrationVersion.parse("1")))
                    .as("deleteRecord after release (lock free)").isInstanceOf(LeaseLostException.class);
            assertThat(target().history()).hasSize(1);
        }
    }

    /** The history's content and order. */
    @Nested
    @DisplayName("history")
    class History {

        @Test
        @DisplayName("every field of every outcome round-trips, a RUNNING record's checkpoint too (instants at millisecond precision)")
        void roundTrips() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            Instant t = Instant.parse("2026-11-03T10:15:30.123Z");
            List<MigrationRecord> records = List.of(
                    new MigrationRecord(MigrationVersion.parse("1"), "<< Baseline >>", "", "host-1/42/ab12cd", t, t, Duration.ZERO, Outcome.BASELINE, null),
                    new MigrationRecord(MigrationVersion.parse("1.1"), "Ajouter le rôle « user » — 用户 \"quoted\" $set a.b", "9f86d081884c7d65",
                            "host-2/7/ff00aa", t.plusMillis(1), t.plusMillis(61_001), Duration.ofMillis(61_000), Outcome.SUCCEEDED, null),
                    new MigrationRecord(MigrationVersion.parse("2.0.3"), "Add task tags", "explicit-v2", "host-3/9/00ff00", t.plusSeconds(3600),
                            null, Duration.ofMillis(7), Outcome.FAILED, "java.lang.IllegalStateException: boom\n\tat V2_0_3__Add_task_tags.up(V.java:12)\nü"),
                    new MigrationRecord(MigrationVersion.parse("3"), "Backfill roles", "steps:0a1b2c3d4e5f6789", "host-4/1/abcdef",
                            t.plusSeconds(7200), null, Duration.ofMillis(1234), Outcome.RUNNING, null,
                            "{\"step\":1,\"done\":5000,\"cursor\":\"eyJpZCI6InUtNDIifQ==\"} ü"));
            for (MigrationRecord r : records) {
                target().writeRecord(lease, r);
            }
            assertThat(target().history()).as("history read back").containsExactlyElementsOf(records);
            assertThat(secondTarget().history()).as("history read by a second client").containsExactlyElementsOf(records);
            for (int i = 0; i < records.size(); i++) {
                assertThat(target().history().get(i).version().toString()).isEqualTo(records.get(i).version().toString());
            }
        }

        @Test
        @DisplayName("records are ordered by version numerically, not as text")
        void orderedNumerically() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            for (String v : List.of("10", "2", "1.10", "1.2", "1", "2.0.3", "1.1.1")) {
                target().writeRecord(lease, record(v, Outcome.SUCCEEDED));
            }
            assertThat(target().history()).extracting(r -> r.version().toString())
                    .containsExactly("1", "1.1.1", "1.2", "1.10", "2", "2.0.3", "10");
        }

        @Test
        @DisplayName("writing a version again replaces its record")
        void writeReplaces() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            target().writeRecord(lease, record("3", Outcome.FAILED));
            MigrationRecord fixed = record("3", Outcome.SUCCEEDED);
            target().writeRecord(lease, fixed);
            assertThat(target().history()).containsExactly(fixed);
        }

        @Test
        @DisplayName("deleting removes only that version; deleting an absent version is a no-op")
        void deleteOnlyThatVersion() {
            Lease lease = acquire(target(), owner("a"), LONG_LEASE);
            target().writeRecord(lease, record("1", Outcome.SUCCEEDED));
            target().writeRecord(lease, record("2", Outcome.SUCCEEDED));
            target().deleteRecord(lease, MigrationVersion.parse("2.0"));
            assertThatCode(() -> target().deleteRecord(lease, MigrationVersion.parse("99"))).doesNotThrowAnyException();
            assertThat(target().history()).extracting(r -> r.version().toString()).containsExactly("1");
        }
    }

    /** Competing clients. */
    @Nested
    @DisplayName("concurrency")
    class Concurrency {

        @Test
        @DisplayName("N clients calling tryAcquire at once: exactly one wins")
        void exactlyOneWinner() throws Exception {
            int n = concurrentClients();
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Optional<Lease>>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                MigrationTarget t = i % 2 == 0 ? target() : secondTarget();
                String o = owner("racer" + i);
                calls.add(() -> {
                    start.await();
                    return t.tryAcquire(o, LONG_LEASE);
                });
            }
            List<Lease> winners = runAll(calls, start).stream().filter(Optional::isPresent).map(Optional::get).toList();
            acquired.addAll(winners);
            assertThat(winners).as("leases won by %s concurrent tryAcquire calls", n).hasSize(1);
            assertSameLease(target().currentLease(), winners.get(0), "currentLease() after the race");
        }

        @Test
        @DisplayName("N clients taking turns: mutual exclusion, and every token is unique")
        void mutualExclusion() throws Exception {
            int n = Math.max(2, concurrentClients() / 2);
            int rounds = 3;
            AtomicInteger holders = new AtomicInteger();
            List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                MigrationTarget t = i % 2 == 0 ? target() : secondTarget();
                String o = owner("turn" + i);
                calls.add(() -> {
                    start.await();
                    int overlaps = 0;
                    for (int r = 0; r < rounds; r++) {
                        Lease lease = awaitAcquire(t, o, LONG_LEASE, "taking turns");
                        overlaps += holders.incrementAndGet() == 1 ? 0 : 1;
                        tokens.add(lease.token());
                        Thread.sleep(2);
                        holders.decrementAndGet();
                        t.release(lease);
                    }
                    return overlaps;
                });
            }
            assertThat(runAll(calls, start)).as("times two clients held the lock at once").containsOnly(0);
            assertThat(tokens).as("tokens of all acquisitions").hasSize(n * rounds).doesNotHaveDuplicates();
        }

        private <R> List<R> runAll(List<Callable<R>> calls, CountDownLatch start) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(calls.size());
            try {
                List<Future<R>> futures = new ArrayList<>();
                for (Callable<R> c : calls) {
                    futures.add(pool.submit(c));
                }
                start.countDown();
                List<R> results = new ArrayList<>();
                for (Future<R> f : futures) {
                    results.add(f.get(expiryTimeout().toMillis() * 3, TimeUnit.MILLISECONDS));
                }
                return results;
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
