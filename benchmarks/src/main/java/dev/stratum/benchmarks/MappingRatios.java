package dev.stratum.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link MappingBenchmark}'s cases measured interleaved, for a shared, loaded machine where JMH's
 * one-benchmark-after-another runs see different load: every round times a batch of each case in turn,
 * and each case keeps its fastest batch (the one least disturbed), so the ratios compare like with like.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.stratum.benchmarks.MappingRatios [rounds]</pre>
 */
public final class MappingRatios {
    private MappingRatios() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        MappingBenchmark b = new MappingBenchmark();
        b.setup();
        Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
        cases.put("record encode", b::stratumEncode);
        cases.put("record hand encode", b::handEncode);
        cases.put("record decode", b::stratumDecode);
        cases.put("record hand decode", b::handDecode);
        cases.put("annotated encode", b::annotatedEncode);
        cases.put("annotated hand encode", b::annotatedHandEncode);
        cases.put("annotated decode", b::annotatedDecode);
        cases.put("annotated hand decode", b::annotatedHandDecode);
        cases.put("pojo encode", b::pojoEncode);
        cases.put("pojo hand encode", b::pojoHandEncode);
        cases.put("pojo decode", b::pojoDecode);
        cases.put("pojo hand decode", b::pojoHandDecode);
        cases.put("jackson encode", b::jacksonEncode);
        cases.put("jackson decode", b::jacksonDecode);
        Map<String, Double> best = new LinkedHashMap<>();
        int batch = 2000;
        Object sink = null;
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Supplier<Object>> c : cases.entrySet()) {
                long t0 = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    sink = c.getValue().get();
                }
                double ns = (System.nanoTime() - t0) / (double) batch;
                if (r >= rounds / 4) { // the first quarter warms up
                    best.merge(c.getKey(), ns, Math::min);
                }
            }
        }
        System.out.println("fastest batch, ns/op (" + rounds + " rounds of " + batch + "; " + (sink != null ? "ok" : "") + ")");
        best.forEach((k, v) -> System.out.printf("  %-24s %8.1f%n", k, v));
        for (String shape : new String[] {"record", "annotated", "pojo"}) {
            System.out.printf("%-10s encode %.2fx hand-written, decode %.2fx%n", shape,
                    of(best, shape + " encode") / of(best, shape + " hand encode"), of(best, shape + " decode") / of(best, shape + " hand decode"));
        }
        System.out.printf("jackson    encode %.2fx hand-written, decode %.2fx (the plain record through Jackson's token stream)%n",
                of(best, "jackson encode") / of(best, "record hand encode"), of(best, "jackson decode") / of(best, "record hand decode"));
    }

    private static double of(Map<String, Double> best, String name) {
        return Objects.requireNonNull(best.get(name), () -> "no figure for " + name);
    }
}
