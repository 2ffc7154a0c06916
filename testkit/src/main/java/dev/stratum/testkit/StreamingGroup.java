package dev.stratum.testkit;

import static dev.stratum.api.Sort.asc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.BulkResult;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.testkit.domain.Metric;
import dev.stratum.testkit.internal.KitData;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code stream(Query)}: lazily consumed, ordered, closeable, limited. */
abstract class StreamingGroup extends KitGroup {
    private static final int MANY = 2_500;

    private void insertMetrics(int n) {
        List<Metric> all = KitData.metrics(n);
        for (int from = 0; from < n; from += 500) {
            BulkResult<Metric> r = metrics().saveAll(all.subList(from, Math.min(n, from + 500)));
            assertThat(r.failures()).as("bulk insert of metrics").isEmpty();
        }
    }

    @Test
    void aLargeResultIsStreamedElementByElementInOrderAndClosed() {
        insertMetrics(MANY);
        AtomicBoolean closed = new AtomicBoolean();
        Set<UUID> seen = new HashSet<>();
        Instant previous = Instant.MIN;
        int n = 0;
        try (Stream<Metric> s = metrics().stream(Query.all().sortBy(asc("timestamp"))).onClose(() -> closed.set(true))) {
            Iterator<Metric> it = s.iterator();
            while (it.hasNext()) {
                Metric m = it.next();
                assertThat(seen.add(m.id())).as("id %s streamed twice", m.id()).isTrue();
                assertThat(m.timestamp()).as("element %d in timestamp order", n).isAfter(previous);
                assertThat(m.timestamp()).isEqualTo(KitData.METRICS_START.plusSeconds(n));
                previous = m.timestamp();
                n++;
            }
        }
        assertThat(n).isEqualTo(MANY);
        assertThat(closed).as("close handlers run by try-with-resources").isTrue();
    }

    @Test
    void aStreamClosedEarlyReleasesItsCursorAndTheRepositoryGoesOn() {
        insertMetrics(MANY);
        for (int round = 0; round < 20; round++) {
            try (Stream<Metric> s = metrics().stream(Query.all().sortBy(asc("timestamp")))) {
                Iterator<Metric> it = s.iterator();
                for (int i = 0; i < 3; i++) {
                    assertThat(it.next().timestamp()).isEqualTo(KitData.METRICS_START.plusSeconds(i));
                }
            }
        }
        try (Stream<Metric> s = metrics().stream(Query.all())) {
            assertThat(s.findFirst()).isPresent();
        }
        assertThat(metrics().count(Query.all())).isEqualTo(MANY);
    }

    @Test
    void aStreamHonoursLimitAndFilter() {
        insertMetrics(MANY);
        try (Stream<Metric> s = metrics().stream(Query.all().sortBy(asc("timestamp")).limit(100))) {
            List<Metric> first = s.toList();
            assertThat(first).hasSize(100);
            assertThat(first.get(99).timestamp()).isEqualTo(KitData.METRICS_START.plusSeconds(99));
        }
        try (Stream<Metric> s = metrics().stream(Query.where(Filter.gte("value", 90)))) {
            assertThat(s.count()).as("values 90..99 in every hundred").isEqualTo(MANY / 100 * 10);
        }
        try (Stream<Metric> s = metrics().stream(Query.where(Filter.eq("series", "none")))) {
            assertThat(s.iterator().hasNext()).isFalse();
        }
    }
}
