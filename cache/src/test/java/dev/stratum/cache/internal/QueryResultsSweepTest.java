package dev.stratum.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.cache.CacheConfig;
import dev.stratum.cache.QueryTags;
import dev.stratum.cache.support.Todo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * #11 defect 13: once the query indexes hold more references than the sweep threshold because the
 * live results really are that large, every miss swept all of them under the write lock (blocking
 * every loader). Sweeps must be amortised: at most one per doubling of the indexes.
 */
class QueryResultsSweepTest {
    @Test
    void sweepsAreAmortisedWhenLiveResultsExceedTheThreshold() {
        CacheConfig<Todo> config = CacheConfig.<Todo>builder().maximumQueries(16).queryTags(QueryTags.always("all")).build();
        EntityIds<Todo> ids = new EntityIds<>(EntityMetadata.of(Todo.class), EntityMapper.defaults());
        QueryResults<Todo> results = new QueryResults<>(config, q -> List.of("all"), ids, new CacheCounters(), new OutcomeReporting());
        // 16 cached queries of 100 distinct entities each: 1,600 live references, above the 1,024 threshold
        for (int q = 0; q < 16; q++) {
            int base = q * 100;
            results.find(Query.where(Filter.eq("priority", q)), query -> page(base));
        }
        long before = results.sweepCount();
        for (int miss = 0; miss < 1_000; miss++) {
            int q = 16 + miss % 16;
            results.find(Query.where(Filter.eq("priority", q)).limit(1 + miss), query -> page(q * 100));
        }
        assertThat(results.sweepCount() - before).as("sweeps during 1,000 misses").isLessThanOrEqualTo(10);
        assertThat(results.size()).isLessThanOrEqualTo(16);
    }

    private static List<Todo> page(int base) {
        List<Todo> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.add(Todo.of("t" + (base + i), "x", "u"));
        }
        return out;
    }
}
