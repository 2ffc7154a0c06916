package dev.stratum.testkit.fault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stratum.api.BulkResult;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.testkit.domain.Parcel;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.ReliabilityReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the fault scenarios share: timing, recovery, reading back, thread counts. */
public final class ScenarioSupport {
    private ScenarioSupport() {}

    public static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until {@code condition} or {@code max}; never fails. */
    public static void awaitQuietly(BooleanSupplier condition, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            sleep(5);
        }
    }

    /** {@code saveAll}, with a whole-call failure turned into every entity failed (the caller sees the same). */
    public static BulkResult<Parcel> saveAll(Repository<Parcel, String> repo, List<Parcel> batch, ReliabilityReport.Row row) {
        try {
            return repo.saveAll(batch);
        } catch (DataAccessException e) {
            row.error(e);
            List<BulkResult.Failure<Parcel>> failed = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                failed.add(new BulkResult.Failure<>(i, batch.get(i), e));
            }
            return new BulkResult<>(List.of(), failed);
        } catch (RuntimeException e) {
            throw new AssertionError("saveAll threw a raw exception (not a DataAccessException): " + e, e);
        }
    }

    /** Milliseconds until {@code call} succeeds (transient errors retried every 20 ms, for up to 60 s). */
    public static long recover(Supplier<?> call) {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                Object unused = call.get(); // only whether it throws matters
                return Duration.ofNanos(System.nanoTime() - t0).toMillis();
            } catch (DataAccessException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the store did not recover within 60 s after the fault healed: " + e, e);
                }
                sleep(20);
            } catch (RuntimeException e) {
                throw new AssertionError("a raw exception while recovering: " + e, e);
            }
        }
    }

    /** Reads every id (chunks of 500, retrying transient errors). */
    public static Map<String, Parcel> readAll(Repository<Parcel, String> repo, Collection<String> ids) {
        Map<String, Parcel> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += 500) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
            List<Parcel> got = retrying(() -> repo.findAllById(chunk));
            got.forEach(p -> out.put(p.id(), p));
        }
        return out;
    }

    /** {@code call}, retried on transient errors for up to 30 s. */
    public static <R> R retrying(Supplier<R> call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (DataAccessException e) {
                if (!e.errorCode().isTransient() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                sleep(10);
            }
        }
    }

    /** Live threads, leaving out fault proxies' own. */
    public static int liveThreads() {
        return liveThreadNames().size();
    }

    /** The names of the live threads, leaving out fault proxies' own, sorted (for a leak's message). */
    public static List<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> !n.startsWith(FaultProxy.THREAD_NAME_PREFIX)).sorted().toList();
    }

    /**
     * Live threads once they stop exceeding {@code bound} (up to 5 s): threads of a pool that just finished
     * a failed call may still be on their way out.
     */
    public static int settledThreads(int bound) {
        awaitQuietly(() -> liveThreads() <= bound, Duration.ofSeconds(5));
        return liveThreads();
    }

    /** Open connections once they stop falling (up to 5 s): pools close broken connections lazily. */
    public static int settledConnections(FaultProxy proxy, int baseline) {
        awaitQuietly(() -> proxy.openConnections() <= baseline, Duration.ofSeconds(5));
        return proxy.openConnections();
    }

    /**
     * Runs a read, a write, a query and a count under the fault: each must fail with a transient
     * {@link DataAccessException} within {@code limit} ({@link StoreTimeoutException} when {@code slowOnly}: the
     * server answers, late), never succeed, never throw a raw exception.
     */
    public static void expectTransientWithin(Repository<Parcel, String> repo, Duration limit, ReliabilityReport.Row row, boolean slowOnly) {
        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("findById", () -> repo.findById("t1"));
        ops.put("save", () -> repo.save(new Parcel("t2", "g", "during", 1)));
        ops.put("find", () -> repo.find(Query.where(Filter.eq("group", "g")).limit(5)));
        ops.put("count", () -> repo.count(Query.where(Filter.eq("group", "g"))));
        List<String> problems = new ArrayList<>();
        long worst = 0;
        for (Map.Entry<String, Runnable> op : ops.entrySet()) {
            long t0 = System.nanoTime();
            try {
                op.getValue().run();
                problems.add(op.getKey() + " succeeded under the fault");
            } catch (DataAccessException e) {
                row.error(e).operations(1);
                if (!e.errorCode().isTransient()) {
                    problems.add(op.getKey() + " failed with a non-transient " + e);
                } else if (slowOnly && !(e instanceof StoreTimeoutException)) {
                    problems.add(op.getKey() + " on a slow server failed with " + e.getClass().getSimpleName() + ", not a StoreTimeoutException: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                problems.add(op.getKey() + " threw a raw " + e);
            }
            long took = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            worst = Math.max(worst, took);
            if (took > limit.toMillis()) {
                problems.add(op.getKey() + " took " + took + " ms, more than the timeout + bound " + limit.toMillis() + " ms");
            }
        }
        row.put(slowOnly ? "worstCallMsUnderLatency" : "worstCallMsInBlackHole", worst);
        assertThat(problems).as("calls under the fault").isEmpty();
    }

    /**
     * A thread saving new parcels {@code <prefix>0, 1, 2...} one after the other, remembering which were
     * acknowledged and which had an unknown outcome.
     */
    public static final class AckedWriter {
        private final Repository<Parcel, String> repo;
        private final String prefix;
        private final ReliabilityReport.Row row;
        private final Map<String, String> acked = new ConcurrentHashMap<>();
        private final Set<String> attempted = ConcurrentHashMap.newKeySet();
        private final List<Throwable> raw = new CopyOnWriteArrayList<>();
        private final AtomicLong attempts = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread = new Thread(() -> { });

        public AckedWriter(Repository<Parcel, String> repo, String prefix, ReliabilityReport.Row row) {
            this.repo = repo;
            this.prefix = prefix;
            this.row = row;
        }

        public void start() {
            thread = ScenarioSupport.start("acked-writer", () -> {
                for (int i = 0; running; i++) {
                    String id = prefix + i;
                    String payload = "w-" + i;
                    attempted.add(id);
                    attempts.incrementAndGet();
                    try {
                        repo.save(new Parcel(id, "g", payload, 1));
                        acked.put(id, payload);
                    } catch (DataAccessException e) {
                        row.error(e);
                        sleep(20);
                    } catch (RuntimeException e) {
                        raw.add(e);
                        sleep(20);
                    }
                }
            });
        }

        public void stop() throws InterruptedException {
            running = false;
            thread.join(30_000);
        }

        public long acked() {
            return acked.size();
        }

        public long attempts() {
            return attempts.get();
        }

        public Map<String, String> ackedPayloads() {
            return new HashMap<>(acked);
        }

        /** Each id is written once, so only the acknowledged payload is acceptable. */
        public boolean acceptable(String id, String stored) {
            return stored.equals(acked.get(id));
        }

        public List<Throwable> rawErrors() {
            return List.copyOf(raw);
        }

        public Set<String> attempted() {
            return new HashSet<>(attempted);
        }
    }

    /** Fails with {@code message} and {@code cause}. */
    public static AssertionError failure(String message, Throwable cause) {
        try {
            fail(message, cause);
        } catch (AssertionError e) {
            return e;
        }
        return new AssertionError(message, cause);
    }
}
