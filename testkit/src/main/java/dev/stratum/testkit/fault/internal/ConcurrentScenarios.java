package dev.stratum.testkit.fault.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.Filter;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.testkit.domain.Ledger;
import dev.stratum.testkit.domain.Parcel;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.ReliabilityReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Scenarios 4 (lost updates) and 5 (sustained mixed load) of {@link dev.stratum.testkit.fault.FaultScenarios}. */
public final class ConcurrentScenarios {
    private ConcurrentScenarios() {}

    /**
     * {@code writers} threads each apply {@code perWriter} increments (id {@code w<writer>-<i>}) to one of {@code ledgers}
     * ledgers, re-reading and retrying on conflict; a transient failure is reconciled by reading whether the
     * increment's id is in the ledger. Meanwhile every connection is reset every 300 ms.
     */
    public static void lostUpdates(Store store, FaultProxy proxy, int writers, int perWriter, int ledgers, ReliabilityReport.Row row)
            throws InterruptedException {
        Repository<Ledger, String> repo = store.repository(Ledger.class);
        ScenarioSupport.retrying(() -> repo.count(Query.all())); // connected before the clock starts
        for (int l = 0; l < ledgers; l++) {
            repo.insert(new Ledger("l" + l, 0, 0, List.of()));
        }
        AtomicLong acked = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicLong unknown = new AtomicLong();
        AtomicLong unknownApplied = new AtomicLong();
        AtomicLong unavailableButApplied = new AtomicLong();
        AtomicLong conflictButApplied = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        List<Throwable> bad = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        long resetsBefore = proxy.resets();
        Thread faulter = ScenarioSupport.start("fault-resetter", () -> {
            while (!done.get()) {
                ScenarioSupport.sleep(300);
                if (!done.get()) {
                    proxy.resetAll();
                    row.faults(1);
                }
            }
        });
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(ScenarioSupport.start("ledger-writer-" + w, () -> {
                String id = "l" + (writer % ledgers);
                for (int i = 0; i < perWriter && bad.isEmpty(); i++) {
                    String op = "w" + writer + "-" + i;
                    DataAccessException last = null;
                    // whether an earlier attempt of this increment ended with an unknown outcome: then it may be the one
                    // that applied (late), and a later attempt's "unavailable" or conflict is not to blame
                    boolean anyUnknown = false;
                    while (bad.isEmpty()) {
                        try {
                            Ledger cur = ScenarioSupport.retrying(() -> repo.findById(id)).orElseThrow();
                            if (cur.recentOps().contains(op)) { // an attempt whose answer was lost did apply
                                acked.incrementAndGet();
                                if (anyUnknown || last == null) {
                                    unknownApplied.incrementAndGet();
                                } else if (last instanceof StoreUnavailableException) {
                                    unavailableButApplied.incrementAndGet();
                                } else {
                                    conflictButApplied.incrementAndGet();
                                }
                                break;
                            }
                            attempts.incrementAndGet();
                            repo.update(cur.increment(op));
                            acked.incrementAndGet();
                            break;
                        } catch (OptimisticLockException e) {
                            conflicts.incrementAndGet();
                            last = e;
                        } catch (DataAccessException e) {
                            row.error(e);
                            if (!e.errorCode().isTransient()) {
                                bad.add(e);
                            }
                            unknown.incrementAndGet();
                            anyUnknown |= !(e instanceof StoreUnavailableException);
                            last = e;
                            ScenarioSupport.sleep(5);
                        } catch (RuntimeException e) {
                            row.error(e);
                            bad.add(e);
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofMinutes(10).toMillis());
        }
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        done.set(true);
        faulter.join(5_000);
        proxy.heal();
        row.recoveryMillis(ScenarioSupport.recover(() -> repo.findById("l0")));
        long total = 0;
        for (int l = 0; l < ledgers; l++) {
            String id = "l" + l;
            Ledger ledger = ScenarioSupport.retrying(() -> repo.findById(id)).orElseThrow();
            total += ledger.value();
            assertThat(ledger.version()).as("version of %s: one per increment", id).isEqualTo(ledger.value() + 1);
        }
        row.operations(attempts.get()).duplicated(Math.max(0, total - acked.get())).ackedButLost(Math.max(0, acked.get() - total))
                .put("increments", (long) writers * perWriter).put("acknowledged", acked.get()).put("counterTotal", total)
                .put("conflictsRetried", conflicts.get()).put("unknownOutcomes", unknown.get())
                .put("unknownButApplied", unknownApplied.get()).put("unavailableButApplied", unavailableButApplied.get())
                .put("conflictButApplied", conflictButApplied.get()).put("seconds", millis / 1000.0)
                .put("proxyResets", proxy.resets() - resetsBefore);
        assertThat(bad).as("non-transient or raw exceptions").isEmpty();
        assertThat(total).as("final counters = acknowledged increments").isEqualTo(acked.get()).isEqualTo((long) writers * perWriter);
        assertThat(unavailableButApplied.get()).as("writes reported StoreUnavailableException (\"retry is safe\") that had been applied").isZero();
        assertThat(conflictButApplied.get()).as("writes reported OptimisticLockException that had been applied (a replayed command)").isZero();
    }

    /**
     * Two phases of {@code phase} each: no faults, then resets every second and latency bursts. Without faults no call
     * may fail, except by the store's own timeout firing: a {@link StoreTimeoutException} (or its subtype
     * {@code WriteOutcomeUnknownException}) that ended no earlier than 90 % of {@code timeout} (so not a broken
     * connection reported as an unknown outcome) and no later than {@code timeout + margin} (a timeout that fires, not
     * a call that hangs). On a loaded machine the server can answer later than a short configured timeout, which says
     * nothing about the store; the report counts those timeouts. In both phases no worker may still be in a call 60 s
     * after the phase ends, and without faults some call must have succeeded.
     */
    public static void mixedLoad(Store store, FaultProxy proxy, int threads, Duration phase, Duration timeout, Duration margin,
            ReliabilityReport report) throws InterruptedException {
        Repository<Parcel, String> repo = store.repository(Parcel.class);
        ScenarioSupport.retrying(() -> repo.count(Query.all()));
        int ids = 500;
        List<Parcel> seed = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
            seed.add(new Parcel("m" + i, "g" + (i % 20), "seed", 0));
        }
        ScenarioSupport.retrying(() -> repo.saveAll(seed).throwIfFailed());
        for (boolean faults : new boolean[] {false, true}) {
            ReliabilityReport.Row row = report.row(faults ? "5b mixed load with faults (reset every 1 s, 100 ms latency bursts)"
                    : "5a mixed load, no faults");
            runPhase(repo, proxy, threads, ids, phase, faults, timeout, margin, row);
        }
    }

    private static void runPhase(Repository<Parcel, String> repo, FaultProxy proxy, int threads, int ids, Duration phase, boolean faults,
            Duration timeout, Duration margin, ReliabilityReport.Row row) throws InterruptedException {
        long earliestTimeout = timeout.toNanos() / 10 * 9;
        long latestTimeout = timeout.plus(margin).toNanos();
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> raw = new CopyOnWriteArrayList<>();
        // without faults: every failure other than the store's own timeout, and every timeout that ended past the limit
        List<String> unexpectedWithoutFaults = new CopyOnWriteArrayList<>();
        AtomicLong timeouts = new AtomicLong();
        AtomicLong slowestTimeoutNanos = new AtomicLong();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        // per id: the last acknowledged payload and the payloads tried after it with an unknown outcome
        List<Map<String, String>> acked = new ArrayList<>();
        List<Map<String, Set<String>>> unknownAfter = new ArrayList<>();
        Thread faulter = faults ? ScenarioSupport.start("load-faulter", () -> {
            for (int tick = 0; !done.get(); tick++) {
                ScenarioSupport.sleep(500);
                if (done.get()) {
                    break;
                }
                if (tick % 2 == 1) {
                    proxy.resetAll();
                    row.faults(1);
                } else {
                    proxy.latency(Duration.ofMillis(100));
                    row.faults(1);
                    ScenarioSupport.sleep(200);
                    proxy.latency(Duration.ZERO);
                }
            }
        }) : null;
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int me = t;
            latencies[t] = new long[1 << 14];
            acked.add(new HashMap<>());
            unknownAfter.add(new HashMap<>());
            workers.add(ScenarioSupport.start("load-" + t, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int seq = 0;
                while (!done.get()) {
                    int r = rnd.nextInt(100);
                    String g = "g" + rnd.nextInt(20);
                    long s0 = System.nanoTime();
                    String id = null;
                    String payload = null;
                    try {
                        if (r < 50) {
                            repo.findById("m" + rnd.nextInt(ids));
                        } else if (r < 80) {
                            int own = me + threads * rnd.nextInt(ids / threads);
                            id = "m" + own;
                            payload = "t" + me + "-" + ++seq;
                            repo.save(new Parcel(id, "g" + (own % 20), payload, seq));
                            acked.get(me).put(id, payload);
                            unknownAfter.get(me).remove(id);
                        } else if (r < 90) {
                            repo.find(Query.where(Filter.eq("group", g)).limit(20));
                        } else {
                            repo.count(Query.where(Filter.eq("group", g)));
                        }
                        if (counts[me] == latencies[me].length) {
                            latencies[me] = Arrays.copyOf(latencies[me], counts[me] * 2);
                        }
                        latencies[me][counts[me]++] = System.nanoTime() - s0;
                    } catch (DataAccessException e) {
                        long took = System.nanoTime() - s0;
                        row.error(e);
                        if (id != null) {
                            unknownAfter.get(me).computeIfAbsent(id, k -> new HashSet<>()).add(payload);
                        }
                        if (!e.errorCode().isTransient()) {
                            raw.add(e);
                        }
                        if (e instanceof StoreTimeoutException) {
                            timeouts.incrementAndGet();
                            slowestTimeoutNanos.accumulateAndGet(took, Math::max);
                        }
                        if (!faults && (!(e instanceof StoreTimeoutException) || took < earliestTimeout || took > latestTimeout)) {
                            unexpectedWithoutFaults.add(e + " after " + took / 1_000_000 + " ms");
                        }
                    } catch (RuntimeException e) {
                        row.error(e);
                        raw.add(e);
                    }
                }
            }));
        }
        ScenarioSupport.sleep(phase.toMillis());
        done.set(true);
        for (Thread w : workers) {
            w.join(60_000);
        }
        List<String> hung = workers.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (faulter != null) {
            faulter.join(5_000);
        }
        proxy.heal();
        row.recoveryMillis(ScenarioSupport.recover(() -> repo.findById("m0")));
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        Map<String, String> lastAcked = new HashMap<>();
        Map<String, Set<String>> maybe = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            lastAcked.putAll(acked.get(t));
            maybe.putAll(unknownAfter.get(t));
        }
        Map<String, Parcel> stored = ScenarioSupport.readAll(repo, lastAcked.keySet());
        long lost = lastAcked.entrySet().stream().filter(e -> {
            Parcel p = stored.get(e.getKey());
            return p == null || !(p.payload().equals(e.getValue()) || maybe.getOrDefault(e.getKey(), Set.of()).contains(p.payload()));
        }).count();
        long ops = all.length + row.errorCount();
        row.operations(ops).ackedButLost(lost)
                .put("threads", threads).put("seconds", Math.round(seconds * 10) / 10.0)
                .put("throughputOpsPerSec", Math.round(all.length / seconds))
                .put("p50Ms", all.length == 0 ? -1 : Math.round(all[all.length / 2] / 1e4) / 100.0)
                .put("p99Ms", all.length == 0 ? -1 : Math.round(all[(int) Math.min(all.length - 1, Math.floor(all.length * 0.99))] / 1e4) / 100.0)
                .put("errorRatePercent", ops == 0 ? 0 : Math.round(10_000.0 * row.errorCount() / ops) / 100.0)
                .put("storeTimeouts", timeouts.get()).put("slowestTimeoutMs", slowestTimeoutNanos.get() / 1_000_000)
                .put("timeoutMs", timeout.toMillis());
        assertThat(hung).as("load workers still in a call 60 s after the phase ended (a call that never returns)").isEmpty();
        assertThat(raw).as("raw or non-transient exceptions under load").isEmpty();
        assertThat(lost).as("acknowledged writes lost").isZero();
        if (!faults) {
            assertThat(unexpectedWithoutFaults).as("errors without faults (allowed: a StoreTimeoutException ending between %d and %d ms,"
                    + " the configured timeout firing because the loaded server answered later; %d timeouts in all)",
                    earliestTimeout / 1_000_000, latestTimeout / 1_000_000, timeouts.get()).isEmpty();
            assertThat(all.length).as("calls that succeeded without faults").isPositive();
        }
    }
}
