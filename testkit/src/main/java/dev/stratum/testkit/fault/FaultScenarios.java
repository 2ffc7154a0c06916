package dev.stratum.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stratum.api.BulkResult;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.testkit.domain.Parcel;
import dev.stratum.testkit.fault.internal.ConcurrentScenarios;
import dev.stratum.testkit.fault.internal.ScenarioSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault-injection scenarios every store runs, the way it runs the compatibility kit: a store's test is a
 * short subclass that says how to put a {@link FaultProxy} in front of its server and open a store through it.
 * Each scenario writes its figures to a {@link ReliabilityReport} ({@code target/reliability/<store>.json|md}).
 *
 * <pre>{@code
 * class RedisFaultTest extends FaultScenarios {
 *     protected String storeName() { return "redis"; }
 *     protected FaultProxy startProxy() { return RedisTestServer.shared().startFaultProxy(); }
 *     protected Store openStore(FaultProxy proxy, Duration timeout) {
 *         return RedisStore.builder().uri(RedisTestServer.shared().uriThrough(proxy)).commandTimeout(timeout)
 *                 .keyPrefix("f" + UUID.randomUUID()).build();
 *     }
 * }
 * }</pre>
 *
 * <ol>
 *   <li>{@code saveAll} of {@link #bulkSize()} entities with connections reset mid-batch: every entity reported
 *       saved is stored, every one reported failed is absent or stored with exactly the value sent, none is stored
 *       twice, and retrying the failed ones converges to exactly {@link #bulkSize()};
 *   <li>latency above the timeout, then a black hole: each call ends within timeout + {@link #timeoutBound()}
 *       with a transient {@link DataAccessException} (slow answers: {@link StoreTimeoutException}), never a raw
 *       driver exception; the store recovers by itself after {@link FaultProxy#heal()}; threads and connections
 *       do not grow from one fault round to the next;
 *   <li>server killed and restarted ({@link #serverControl(FaultProxy)}): {@link StoreUnavailableException} while
 *       down, recovery after, no acknowledged write lost;
 *   <li>lost updates: {@link #writers()} writers × {@link #incrementsPerWriter()} versioned increments with retry on
 *       conflict while the proxy resets every connection every {@code 300 ms}: the counters equal the increments
 *       acknowledged (an unknown outcome is reconciled through the increment's id), and no write reported
 *       {@link StoreUnavailableException} ("retry is safe") had in fact been applied;
 *   <li>sustained mixed load, without and then with periodic faults: p50/p99, throughput, errors by type, no
 *       acknowledged write lost, no call that never returns; without faults no error but the store's own timeout
 *       firing ({@link StoreTimeoutException} after at least 90 % of {@link #operationTimeout()} and at most
 *       {@link #timeoutBound()} past it: a loaded machine may answer later than the timeout; the report counts them).
 * </ol>
 *
 * <p>Scenario 6, migrations under faults, is {@link MigrationFaultScenarios} (two runners on one store's data).
 *
 * <p>Profiles ({@link Profile}): {@code -Dstratum.reliability.profile=ci} (the default, sized for CI), {@code short},
 * {@code long} (60 s load phases) or {@code off}. The report records the profile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class FaultScenarios {
    private final ReliabilityReport report = new ReliabilityReport(storeName());

    /** A short name for the report's file: {@code redis}, {@code mongo}... */
    protected abstract String storeName();

    /** A new proxy in front of the store's server. */
    protected abstract FaultProxy startProxy();

    /** A new store whose every connection goes through {@code proxy}, with {@code timeout} per operation, on data of its own. */
    protected abstract Store openStore(FaultProxy proxy, Duration timeout);

    /** How the server is killed and restarted in scenario 3; by default simulated at the proxy ({@link ServerControl#through}). */
    protected ServerControl serverControl(FaultProxy proxy) {
        return ServerControl.through(proxy);
    }

    /**
     * What a call may fail with while the server is down in scenario 3: {@link StoreUnavailableException} by default.
     * A store that waits for the server's return up to its timeout instead (Redis Cluster queues commands for a node
     * it reconnects to) adds {@link StoreTimeoutException} and documents it in its README.
     */
    protected List<Class<? extends DataAccessException>> errorsWhileServerDown() {
        return List.of(StoreUnavailableException.class);
    }

    /** The per-operation timeout the stores are built with. */
    protected Duration operationTimeout() {
        return Duration.ofMillis(500);
    }

    /** How far past the timeout a call may end (scheduling, retries of a connect inside the driver). */
    protected Duration timeoutBound() {
        return Duration.ofSeconds(3);
    }

    /** Entities in scenario 1's {@code saveAll}: 10,000 ({@code short}, {@code long}), 2,000 in {@code ci}. */
    protected int bulkSize() {
        return profile() == Profile.CI ? 2_000 : 10_000;
    }

    /** Writers in scenario 4: 8 in {@code ci}, 16 otherwise. */
    protected int writers() {
        return profile() == Profile.CI ? 8 : 16;
    }

    /** Increments per writer in scenario 4: 300 in the long profile, 50 in {@code ci} and {@code short}. */
    protected int incrementsPerWriter() {
        return profile() == Profile.LONG ? 300 : 50;
    }

    /**
     * How many ledgers the writers of scenario 4 share (writer {@code w} uses ledger {@code w % ledgers()}); 4 by
     * default, so several writers contend for each. A test server whose single-document writes are not atomic
     * under concurrency cannot keep this invariant and says so by overriding this (see its javadoc).
     */
    protected int ledgers() {
        return 4;
    }

    /**
     * The sizes the scenarios run with, from {@code -Dstratum.reliability.profile}: {@code ci} when absent (what
     * {@code ./mvnw verify} runs), {@code short}, {@code long}, or {@code off} to skip them (with that reason).
     */
    public enum Profile {
        /** The default: 2,000-entity saveAll, 8 × 50 increments, 2 × 4 s load; every invariant checked. */
        CI,
        /** 10,000-entity saveAll, 16 × 50 increments, 2 × 3 s load. */
        SHORT,
        /** 10,000-entity saveAll, 16 × 300 increments, 2 × 60 s load. */
        LONG,
        /** Skipped. */
        OFF;

        /** The profile the system property names (absent or blank: {@link #CI}); an unknown name fails with the ones allowed. */
        public static Profile current() {
            String name = System.getProperty("stratum.reliability.profile", "").trim();
            if (name.isEmpty()) {
                return CI;
            }
            for (Profile p : values()) {
                if (p.name().equalsIgnoreCase(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown -Dstratum.reliability.profile=" + name + "; use ci, short, long or off");
        }
    }

    /** The profile in force ({@link Profile#current()}). */
    protected static Profile profile() {
        return Profile.current();
    }

    /** Whether the long profile was asked for. */
    protected static boolean longProfile() {
        return profile() == Profile.LONG;
    }

    /** The length of each load phase of scenario 5: 60 s in the long profile, 3 s in {@code short}, 4 s in {@code ci}. */
    protected Duration loadPhase() {
        return switch (profile()) {
            case LONG -> Duration.ofSeconds(60);
            case SHORT -> Duration.ofSeconds(3);
            default -> Duration.ofSeconds(4);
        };
    }

    protected int loadThreads() {
        return 8;
    }

    /** The scenarios run unless {@code -Dstratum.reliability.profile=off}; then they are skipped with that reason. */
    private static void enabled() {
        Assumptions.assumeTrue(profile() != Profile.OFF,
                "fault scenarios switched off by -Dstratum.reliability.profile=off; see docs/RELIABILITY.md");
    }

    /**
     * Called first by each scenario ({@code 1..5}); a store with a known, reported defect in one scenario aborts it
     * here with {@code Assumptions.abort("why")}, so it shows as skipped with its reason, never silently.
     */
    protected void beforeScenario(int scenario) {}

    /** The report of this run (written after the last scenario). */
    protected final ReliabilityReport report() {
        return report;
    }

    @AfterAll
    final void writeReport() {
        report.write();
    }

    // ---- 1 ------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void resetInTheMiddleOfSaveAll() throws InterruptedException {
        enabled();
        beforeScenario(1);
        ReliabilityReport.Row row = report.row("1 reset mid saveAll(" + bulkSize() + ")");
        try (FaultProxy proxy = startProxy(); Store store = openStore(proxy, operationTimeout())) {
            Repository<Parcel, String> repo = store.repository(Parcel.class);
            ScenarioSupport.retrying(() -> repo.count(Query.all())); // connected, indexes made
            List<Parcel> batch = new ArrayList<>();
            for (int i = 0; i < bulkSize(); i++) {
                batch.add(new Parcel("p" + i, "g" + (i % 10), "v1-" + i + "-" + "x".repeat(64), 1));
            }
            AtomicBoolean done = new AtomicBoolean();
            long resetsBefore = proxy.resets();
            // three cuts, each after ~1/5 of the batch's bytes (about 100 bytes an entity)
            Thread cutter = ScenarioSupport.start("fault-cutter", () -> {
                for (int cut = 0; cut < 3 && !done.get(); cut++) {
                    long seen = proxy.resets();
                    proxy.resetAfterBytes(Direction.CLIENT_TO_SERVER, Math.max(1_000, bulkSize() * 20L));
                    ScenarioSupport.awaitQuietly(() -> done.get() || proxy.resets() > seen, Duration.ofSeconds(60));
                }
            });
            long t0 = System.nanoTime();
            BulkResult<Parcel> first = ScenarioSupport.saveAll(repo, batch, row);
            row.put("saveAllMs", (System.nanoTime() - t0) / 1_000_000);
            done.set(true);
            cutter.join(10_000);
            proxy.heal();
            row.faults(proxy.resets() - resetsBefore);
            row.recoveryMillis(ScenarioSupport.recover(() -> repo.count(Query.all())));

            Map<String, String> intended = new HashMap<>();
            batch.forEach(p -> intended.put(p.id(), p.payload()));
            Map<String, Parcel> stored = ScenarioSupport.readAll(repo, intended.keySet());
            long lost = first.saved().stream().filter(p -> !stored.containsKey(p.id()) || !stored.get(p.id()).payload().equals(p.payload())).count();
            long wrong = first.failures().stream().map(f -> stored.get(f.entity().id()))
                    .filter(p -> p != null && !p.payload().equals(intended.get(p.id()))).count();

            // StoreUnavailableException promises that nothing was sent (a retry is safe): such an entity must not be stored
            long unavailableButStored = first.failures().stream()
                    .filter(f -> f.error() instanceof StoreUnavailableException && stored.containsKey(f.entity().id())).count();
            row.put("reportedSaved", first.saved().size()).put("reportedFailed", first.failures().size())
                    .put("unavailableButStored", unavailableButStored)
                    .put("failedButStored", first.failures().stream().filter(f -> stored.containsKey(f.entity().id())).count())
                    .put("failedStoredWithOtherValue", wrong);
            first.failures().forEach(f -> row.error(f.error()));
            assertThat(first.saved().size() + first.failures().size()).as("every entity reported once").isEqualTo(bulkSize());

            row.put("verifyMs", (System.nanoTime() - t0) / 1_000_000);
            List<Parcel> remaining = first.failures().stream().map(BulkResult.Failure::entity).toList();
            int rounds = 0;
            while (!remaining.isEmpty() && rounds++ < 5) {
                BulkResult<Parcel> retry = ScenarioSupport.saveAll(repo, remaining, row);
                remaining = retry.failures().stream().map(BulkResult.Failure::entity).toList();
            }
            Map<String, Parcel> after = ScenarioSupport.readAll(repo, intended.keySet());
            long finalCount = repo.count(Query.all());
            // a write whose outcome was unknown may still land after the first read-back, so duplicates are counted at the end:
            // more documents than distinct ids would be an entity stored twice
            long duplicated = finalCount - after.size();
            row.operations(bulkSize()).ackedButLost(lost).duplicated(duplicated)
                    .put("retryRounds", rounds).put("finalCount", finalCount);
            assertThat(lost).as("entities reported saved but not stored as sent").isZero();
            assertThat(wrong).as("entities reported failed but stored with another value").isZero();
            assertThat(unavailableButStored).as("entities reported StoreUnavailableException (nothing sent) but stored").isZero();
            assertThat(duplicated).as("entities stored twice").isZero();
            assertThat(remaining).as("entities still failing after 5 retry rounds on a healed connection").isEmpty();
            assertThat(finalCount).isEqualTo(bulkSize());
            assertThat(after.values()).allSatisfy(p -> assertThat(p.payload()).isEqualTo(intended.get(p.id())));
            assertThat(after).hasSize(bulkSize());
        }
    }

    // ---- 2 ------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void latencyAboveTheTimeoutAndBlackHoleEndInTimeAndRecover() {
        enabled();
        beforeScenario(2);
        ReliabilityReport.Row row = report.row("2 latency > timeout, black hole");
        Duration timeout = operationTimeout();
        Duration limit = timeout.plus(timeoutBound());
        try (FaultProxy proxy = startProxy(); Store store = openStore(proxy, timeout)) {
            Repository<Parcel, String> repo = store.repository(Parcel.class);
            ScenarioSupport.retrying(() -> repo.save(new Parcel("t1", "g", "before", 1)));
            int[] threads = new int[4];
            int[] connections = new int[4];
            List<List<String>> names = new ArrayList<>();
            threads[0] = ScenarioSupport.liveThreads();
            connections[0] = proxy.openConnections();
            names.add(ScenarioSupport.liveThreadNames());
            // a leak grows every round; a client pool warming up to its bound (Firestore's Gax executor: 8
            // threads, created one per task until full) can grow in round 2 too, so a third round decides
            int rounds = 2;
            for (int round = 1; round <= rounds; round++) {
                proxy.latency(timeout.multipliedBy(3));
                row.faults(1);
                ScenarioSupport.expectTransientWithin(repo, limit, row, true);
                proxy.heal();
                row.recoveryMillis(ScenarioSupport.recover(() -> repo.findById("t1")));
                proxy.blackHole();
                row.faults(1);
                ScenarioSupport.expectTransientWithin(repo, limit, row, false);
                proxy.heal();
                row.recoveryMillis(ScenarioSupport.recover(() -> repo.findById("t1")));
                assertThat(repo.findById("t1")).isPresent();
                repo.save(new Parcel("t1", "g", "after round " + round, 1 + round));
                threads[round] = round == 1 ? ScenarioSupport.liveThreads() : ScenarioSupport.settledThreads(threads[round - 1] + 2);
                names.add(ScenarioSupport.liveThreadNames());
                connections[round] = ScenarioSupport.settledConnections(proxy, connections[0]);
                if (round == 2 && threads[2] > threads[1] + 2) {
                    rounds = 3;
                }
            }
            row.put("threads(before,round1,round2[,round3])", threads[0] + "," + threads[1] + "," + threads[2] + (rounds == 3 ? "," + threads[3] : ""))
                    .put("connections(before,round1,round2)", connections[0] + "," + connections[1] + "," + connections[2])
                    .put("timeoutMs", timeout.toMillis()).put("limitMs", limit.toMillis());
            assertThat(threads[rounds]).as("threads after fault round %d (a leak grows every round); after round %d: %s; after round %d: %s",
                    rounds, rounds - 1, names.get(rounds - 1), rounds, names.get(rounds)).isLessThanOrEqualTo(threads[rounds - 1] + 2);
            assertThat(connections[2]).as("open connections after a second fault round").isLessThanOrEqualTo(Math.max(connections[1], connections[0]) + 1);
        }
    }

    // ---- 3 ------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void serverKilledAndRestarted() throws InterruptedException {
        enabled();
        beforeScenario(3);
        ReliabilityReport.Row row = report.row("3 server killed and restarted");
        try (FaultProxy proxy = startProxy(); Store store = openStore(proxy, operationTimeout())) {
            ServerControl control = serverControl(proxy);
            row.notes(control.description());
            Repository<Parcel, String> repo = store.repository(Parcel.class);
            ScenarioSupport.AckedWriter writer = new ScenarioSupport.AckedWriter(repo, "k", row);
            writer.start();
            ScenarioSupport.awaitQuietly(() -> writer.acked() >= 50, Duration.ofSeconds(30));
            control.kill();
            row.faults(1);
            long downAt = System.nanoTime();
            List<DataAccessException> whileDown = new ArrayList<>();
            while (whileDown.size() < 5 && System.nanoTime() - downAt < Duration.ofSeconds(20).toNanos()) {
                try {
                    repo.findById("k0");
                    // a read answered from a connection that survived is possible only if the kill was partial
                } catch (DataAccessException e) {
                    whileDown.add(e);
                    row.error(e);
                } catch (RuntimeException e) {
                    fail("a raw exception while the server was down: " + e, e);
                }
            }
            long ackedAtKill = writer.acked();
            control.restart();
            long restartedAt = System.nanoTime();
            row.recoveryMillis(ScenarioSupport.recover(() -> repo.findById("k0")));
            ScenarioSupport.awaitQuietly(() -> writer.acked() >= ackedAtKill + 20, Duration.ofSeconds(30));
            writer.stop();
            Map<String, String> acked = writer.ackedPayloads();
            Map<String, Parcel> stored = ScenarioSupport.readAll(repo, acked.keySet());
            long lost = acked.entrySet().stream().filter(e -> !stored.containsKey(e.getKey())
                    || !writer.acceptable(e.getKey(), stored.get(e.getKey()).payload())).count();
            row.operations(writer.attempts()).ackedButLost(lost).put("acked", acked.size())
                    .put("downMillis", Duration.ofNanos(restartedAt - downAt).toMillis());
            assertThat(whileDown).as("calls while the server was down").isNotEmpty()
                    .allSatisfy(e -> assertThat(e).isInstanceOfAny(errorsWhileServerDown().toArray(Class[]::new)));
            assertThat(lost).as("acknowledged writes lost over the restart").isZero();
            assertThat(writer.rawErrors()).as("raw (untranslated) exceptions").isEmpty();
        }
    }

    // ---- 4 and 5 ------------------------------------------------------------------------------

    @Test
    @Order(4)
    void noLostUpdatesUnderConnectionResets() throws InterruptedException {
        enabled();
        beforeScenario(4);
        ReliabilityReport.Row row = report.row("4 lost updates (" + writers() + "x" + incrementsPerWriter() + " on " + ledgers()
                + " ledgers, resets every 300 ms)");
        try (FaultProxy proxy = startProxy(); Store store = openStore(proxy, operationTimeout())) {
            ConcurrentScenarios.lostUpdates(store, proxy, writers(), incrementsPerWriter(), ledgers(), row);
        }
    }

    @Test
    @Order(5)
    void sustainedMixedLoad() throws InterruptedException {
        enabled();
        beforeScenario(5);
        try (FaultProxy proxy = startProxy(); Store store = openStore(proxy, operationTimeout())) {
            ConcurrentScenarios.mixedLoad(store, proxy, loadThreads(), loadPhase(), operationTimeout(), timeoutBound(), report);
        }
    }
}
