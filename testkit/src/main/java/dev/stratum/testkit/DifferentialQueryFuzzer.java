package dev.stratum.testkit;

import dev.stratum.api.Repository;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.internal.FuzzCase;
import dev.stratum.testkit.internal.FuzzComparison;
import dev.stratum.testkit.internal.FuzzGenerators;
import dev.stratum.testkit.memory.InMemoryStore;
import java.util.Set;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.jspecify.annotations.Nullable;

/**
 * The differential query fuzzer: random entities (nulls, lists holding nulls, absent and mixed-type
 * map entries, longs beyond 2^53, BigDecimals of 20+ digits, -0.0, unicode and empty strings) and
 * random queries (every {@link dev.stratum.api.Filter} operator nested to depth 3, sorts on 1–3 keys
 * with ties and nulls, limits, offsets, keyset and offset paging walked to the end, streams, counts)
 * run on the store under test and on the in-memory reference; the store must return the same
 * entities in the same order (where the sort defines one), throw the same exception type, or refuse
 * with a {@link dev.stratum.api.QueryNotSupportedException} for a construct its
 * {@link dev.stratum.api.Capabilities} do not announce.
 *
 * <p>It runs on jqwik (its engine sits on the JUnit platform next to Jupiter): a failure prints the
 * seed and the shrunk, minimal case. Each store's test is a subclass of a few lines:
 *
 * <pre>{@code
 * class RedisQueryFuzzTest extends DifferentialQueryFuzzer {
 *     static final RedisStore STORE = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("fuzz").build();
 *
 *     @Override
 *     protected Repository<FuzzRecord, String> repository() {
 *         return STORE.repository(FuzzRecord.class);
 *     }
 * }
 * }</pre>
 *
 * <p>Budget: {@value #DEFAULT_TRIES} cases per run; {@code -Dstratum.fuzz.tries=20000} for a long run,
 * {@code -Dstratum.fuzz.seed=<seed>} to replay a reported failure.
 */
public abstract class DifferentialQueryFuzzer {
    /** Cases per run unless {@code stratum.fuzz.tries} says otherwise. */
    public static final int DEFAULT_TRIES = 300;

    private @Nullable InMemoryStore referenceStore;

    /** The store's repository of {@link FuzzRecord}; the fuzzer empties it before every case. */
    protected abstract Repository<FuzzRecord, String> repository();

    /** The reference: an in-memory store (override only to fuzz against another reference). */
    protected Repository<FuzzRecord, String> reference() {
        if (referenceStore == null) {
            referenceStore = InMemoryStore.create();
        }
        return referenceStore.repository(FuzzRecord.class);
    }

    @Property(shrinking = ShrinkingMode.BOUNDED, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    @AddLifecycleHook(Budget.class)
    void storeAgreesWithReference(@ForAll("cases") FuzzCase fuzzCase) {
        new FuzzComparison(repository(), reference()).run(fuzzCase);
    }

    @Provide
    Arbitrary<FuzzCase> cases() {
        return FuzzGenerators.cases(!serverDeviations().contains(ServerDeviation.UTF16_STRING_ORDER),
                !serverDeviations().contains(ServerDeviation.DOUBLE_PRECISION_DECIMALS), true, longStrings());
    }

    /**
     * Whether entities also hold strings longer than 8,191 characters (in {@code s} and {@code tags}, and as values of
     * equality filters; range bounds and prefixes stay short), for a store with a length limit on indexed strings
     * (Elasticsearch's keywords). Default: false (every value stays a few characters).
     */
    protected boolean longStrings() {
        return false;
    }

    /**
     * Known deviations of a <em>test server</em> (never of a store: a store that differs from the
     * contract declares it in its capabilities or is fixed). The generator then avoids values that
     * would only show the test server's deviation. Default: none; a subclass that returns any says why.
     */
    protected Set<ServerDeviation> serverDeviations() {
        return Set.of();
    }

    /** Ways a test server (not the store) is known to differ from the contract's semantics. */
    public enum ServerDeviation {
        /** Orders strings by UTF-16 unit instead of code point (mongo-java-server): no characters outside the BMP. */
        UTF16_STRING_ORDER,
        /** Compares decimals as doubles (mongo-java-server): no two decimals that a double cannot tell apart. */
        DOUBLE_PRECISION_DECIMALS
    }

    /** Applies {@code stratum.fuzz.tries} and {@code stratum.fuzz.seed}. */
    public static final class Budget implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(Integer.getInteger("stratum.fuzz.tries", DEFAULT_TRIES));
            String seed = System.getProperty("stratum.fuzz.seed");
            if (seed != null && !seed.isBlank()) {
                context.attributes().setSeed(seed);
            }
            return property.execute();
        }

        /** Outside jqwik's own attribute hooks, so the budget wins over defaults. */
        @Override
        public int aroundPropertyProximity() {
            return -20;
        }
    }
}
