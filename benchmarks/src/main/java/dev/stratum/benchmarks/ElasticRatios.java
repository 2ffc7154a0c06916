package dev.stratum.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.fault.FaultProxy;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@link ElasticVsClientBenchmark}'s pairs measured interleaved, for a shared, loaded machine where JMH's
 * one-fork-per-benchmark runs (each with its own server) see different load: every round runs each case once in
 * turn (single operations ten times), and the figures are medians over the rounds. Besides the wall time it reports what load does not change
 * much: the calling thread's CPU time (request building, JSON, decoding — the client's share), the whole JVM's CPU
 * time (adds the HTTP client's I/O thread and the garbage collector) and the bytes sent to and received from the
 * server (counted by a {@link FaultProxy} in front of it, both sides through it). Each pair's throughput ratio is
 * given twice: the ratio of the two medians, and the median of the per-round ratios with a 95% bootstrap interval
 * (pairs within a round share the server's state and the machine's load, so their ratio drifts less).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.stratum.benchmarks.ElasticRatios [rounds]</pre>
 */
public final class ElasticRatios {
    private static final int SINGLES = 10;

    private ElasticRatios() {}

    private record Sample(int round, long wallNs, long cpuNs, long processCpuNs, long gcMs, long sent, long received) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        try (FaultProxy proxy = ElasticTestServer.shared().startFaultProxy()) {
            System.setProperty("stratum.bench.elastic.uri", ElasticTestServer.shared().uriThrough(proxy));
            ElasticVsClientBenchmark b = new ElasticVsClientBenchmark();
            b.start();
            try {
                Map<String, Callable<Object>> cases = new LinkedHashMap<>();
                cases.put("stratumFindById", b::stratumFindById);
                cases.put("clientGet", b::clientGet);
                cases.put("stratumQuery", b::stratumQuery);
                cases.put("clientSearch", b::clientSearch);
                cases.put("stratumInsert", b::stratumInsert);
                cases.put("clientIndex", b::clientIndex);
                cases.put("stratumSaveAll", b::stratumSaveAll);
                cases.put("clientBulk", b::clientBulk);
                run(proxy, cases, rounds);
                took(b, rounds * SINGLES);
            } finally {
                b.stop();
            }
        }
        System.exit(0);
    }

    private static void run(FaultProxy proxy, Map<String, Callable<Object>> cases, int rounds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // the whole JVM's CPU (the HTTP client's I/O thread, the GC, the counting proxy): on a 2-core machine it competes
        // with the server, which keeps both cores busy during a bulk
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        int warm = Math.max(3, rounds / 4);
        for (int r = 0; r < warm + rounds; r++) {
            List<Map.Entry<String, Callable<Object>>> order = new ArrayList<>(cases.entrySet());
            if (r % 2 == 1) {
                Collections.reverse(order); // neither side always runs first
            }
            for (Map.Entry<String, Callable<Object>> c : order) {
                // single operations run SINGLES times a round (more warm-up for the JIT, more samples), bulks once
                int times = c.getKey().endsWith("SaveAll") || c.getKey().endsWith("Bulk") ? 1 : SINGLES;
                for (int k = 0; k < times; k++) {
                    long sent = proxy.bytesToServer();
                    long received = proxy.bytesToClient();
                    long cpu = threads.getCurrentThreadCpuTime();
                    long processCpu = os.getProcessCpuTime();
                    long gc = gcMillis();
                    long t0 = System.nanoTime();
                    c.getValue().call();
                    Sample s = new Sample(r - warm, System.nanoTime() - t0, threads.getCurrentThreadCpuTime() - cpu,
                            os.getProcessCpuTime() - processCpu, gcMillis() - gc, proxy.bytesToServer() - sent, proxy.bytesToClient() - received);
                    if (r >= warm) {
                        samples.computeIfAbsent(c.getKey(), x -> new ArrayList<>()).add(s);
                    }
                }
            }
        }
        System.out.printf("medians over %d interleaved rounds (after %d warm-up rounds)%n", rounds, warm);
        System.out.printf("medians, except process CPU and GC pauses: means (their clocks tick in 10 ms / 1 ms steps)%n");
        System.out.printf("  %-16s %12s %14s %15s %10s %12s %12s%n", "case", "wall ms", "caller CPU ms", "process CPU ms", "GC ms",
                "bytes sent", "bytes recv");
        Map<String, double[]> med = new LinkedHashMap<>();
        samples.forEach((k, v) -> {
            double[] m = {median(v, Sample::wallNs) / 1e6, median(v, Sample::cpuNs) / 1e6, median(v, Sample::sent), median(v, Sample::received),
                mean(v, Sample::processCpuNs) / 1e6, mean(v, Sample::gcMs)};
            med.put(k, m);
            System.out.printf("  %-16s %12.2f %14.3f %15.3f %10.2f %12.0f %12.0f%n", k, m[0], m[1], m[4], m[5], m[2], m[3]);
        });
        String[][] pairs = {{"stratumFindById", "clientGet"}, {"stratumQuery", "clientSearch"}, {"stratumInsert", "clientIndex"}, {"stratumSaveAll", "clientBulk"}};
        for (String[] p : pairs) {
            double[] s = Objects.requireNonNull(med.get(p[0]), p[0]);
            double[] c = Objects.requireNonNull(med.get(p[1]), p[1]);
            double[] paired = pairedRatio(Objects.requireNonNull(samples.get(p[0])), Objects.requireNonNull(samples.get(p[1])), rounds);
            System.out.printf("%-15s vs %-13s throughput ratio (wall) %.2fx, caller CPU %+.3f ms/op, process CPU %+.3f ms/op, bytes sent %.2fx%n",
                    p[0], p[1], c[0] / s[0], s[1] - c[1], s[4] - c[4], s[2] / c[2]);
            System.out.printf("%-15s    paired per round: median ratio %.2fx, 95%% bootstrap interval %.2f..%.2fx%n", "", paired[0], paired[1],
                    paired[2]);
        }
    }

    /**
     * The server's own time ({@code took}, ms) of three searches, interleaved: the benchmark's bare search, the same
     * search as the store sends it (constant score, the contract's null order, the id as tie-breaker, no total hit
     * count), and the bare search with only the id tie-breaker added: tells the server's share of the query gap from
     * the client's.
     */
    @SuppressWarnings("rawtypes")
    private static void took(ElasticVsClientBenchmark b, int rounds) throws Exception {
        var client = b.client();
        String index = b.taskIndex();
        var term = co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.term(t -> t.field("status").value("OPEN")));
        var priorityDesc = co.elastic.clients.elasticsearch._types.SortOptions.of(o -> o.field(f -> f.field("priority")
                .order(co.elastic.clients.elasticsearch._types.SortOrder.Desc)));
        var priorityStore = co.elastic.clients.elasticsearch._types.SortOptions.of(o -> o.field(f -> f.field("priority")
                .order(co.elastic.clients.elasticsearch._types.SortOrder.Desc).missing("_last")
                .unmappedType(co.elastic.clients.elasticsearch._types.mapping.FieldType.Keyword)));
        var idAsc = co.elastic.clients.elasticsearch._types.SortOptions.of(o -> o.field(f -> f.field("id")
                .order(co.elastic.clients.elasticsearch._types.SortOrder.Asc).missing("_first")
                .unmappedType(co.elastic.clients.elasticsearch._types.mapping.FieldType.Keyword)));
        Map<String, Callable<Long>> cases = new LinkedHashMap<>();
        cases.put("bare search", () -> client.search(s -> s.index(index).query(term).sort(priorityDesc).size(20), Map.class).took());
        cases.put("as the store sends it", () -> client.search(s -> s.index(index).query(q -> q.constantScore(c -> c.filter(term)))
                .sort(priorityStore, idAsc).size(20).trackTotalHits(t -> t.enabled(false)), Map.class).took());
        cases.put("bare + id tie-breaker", () -> client.search(s -> s.index(index).query(term).sort(priorityDesc, idAsc).size(20), Map.class)
                .took());
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (int r = 0; r < rounds + rounds / 4; r++) {
            for (Map.Entry<String, Callable<Long>> c : cases.entrySet()) {
                long t = c.getValue().call();
                if (r >= rounds / 4) {
                    long[] acc = sums.computeIfAbsent(c.getKey(), k -> new long[2]);
                    acc[0] += t;
                    acc[1]++;
                }
            }
        }
        System.out.printf("server time (took), mean ms over %d interleaved searches each%n", rounds);
        sums.forEach((k, v) -> System.out.printf("  %-24s %8.3f%n", k, v[0] / (double) v[1]));
    }

    /**
     * The ratio of the two sides' wall times within each round (the client's over the store's: throughput), which
     * cancels what drifts between rounds (the server's merges, the machine's load): the median over the rounds and a
     * 95% bootstrap interval of that median (2,000 resamples of the rounds, fixed seed).
     */
    static double[] pairedRatio(List<Sample> store, List<Sample> client, int rounds) {
        double[] storeWall = new double[rounds];
        double[] clientWall = new double[rounds];
        store.forEach(s -> storeWall[s.round()] += s.wallNs());
        client.forEach(s -> clientWall[s.round()] += s.wallNs());
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = clientWall[r] / storeWall[r];
        }
        SplittableRandom random = new SplittableRandom(42);
        double[] medians = new double[2_000];
        double[] resample = new double[rounds];
        for (int b = 0; b < medians.length; b++) {
            for (int r = 0; r < rounds; r++) {
                resample[r] = ratios[random.nextInt(rounds)];
            }
            medians[b] = median(resample);
        }
        Arrays.sort(medians);
        return new double[] {median(ratios.clone()), medians[(int) (medians.length * 0.025)], medians[(int) (medians.length * 0.975) - 1]};
    }

    private static double mean(List<Sample> v, java.util.function.ToLongFunction<Sample> f) {
        return v.stream().mapToLong(f).average().orElse(Double.NaN);
    }

    /** The collectors' accumulated pause time (young and old, ms). */
    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static double median(double[] x) {
        Arrays.sort(x);
        return x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2.0;
    }

    private static double median(List<Sample> v, java.util.function.ToLongFunction<Sample> f) {
        long[] x = v.stream().mapToLong(f).sorted().toArray();
        return x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2.0;
    }
}
