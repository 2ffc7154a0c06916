package dev.stratum.testkit;

import static dev.stratum.api.Filter.and;
import static dev.stratum.api.Filter.eq;
import static dev.stratum.api.Filter.gte;
import static dev.stratum.api.Filter.lt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Aggregation;
import dev.stratum.api.Aggregation.TimeBucket;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Query;
import dev.stratum.testkit.domain.Metric;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.internal.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@code aggregate}: groups, time buckets and count/sum/avg/min/max, the same on every store. */
abstract class AggregationGroup extends KitGroup {

    /** One row of the hourly example. */
    public record HostHour(String host, Instant hour, double avg, double min, double max, double sum, long samples) {}

    /** Tasks per status. */
    public record StatusCount(Task.Status status, long n, long total, int lowest) {}

    /** Tasks per assignee (null for none). */
    public record AssigneeCount(@Nullable String assigneeId, long n, @Nullable BigDecimal estimate) {}

    /** Tasks per due day. */
    public record DueDay(@Nullable Instant day, long n, @Nullable Instant latest) {}

    /** Everything, no group. */
    public record Totals(long n, double avg, int max) {}

    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");

    /** The README's example, ported from the MongoDB native-access test: hourly average per host of one series. */
    @Test
    void hourlyAveragePerHostOverATimeRange() {
        List<Metric> batch = new ArrayList<>();
        for (int hour = 0; hour < 3; hour++) {
            for (int i = 0; i < 6; i++) {
                Instant at = START.plusSeconds(hour * 3600L + i * 600L);
                batch.add(metric(at, "cpu.load", "web-01", hour * 10 + i));      // averages 2.5, 12.5, 22.5
                batch.add(metric(at, "cpu.load", "web-02", 100 + hour));         // averages 100, 101, 102
                batch.add(metric(at, "mem.used", "web-01", 1e9));                // another series
            }
        }
        batch.add(metric(START.plusSeconds(3 * 3600), "cpu.load", "web-01", 999)); // outside the range
        metrics().saveAll(batch).throwIfFailed();

        List<HostHour> rows = metrics().aggregate(
                Aggregation.where(and(eq("series", "cpu.load"), gte("timestamp", START), lt("timestamp", START.plusSeconds(3 * 3600))))
                        .groupBy("meta.host", "host").groupBy("timestamp", TimeBucket.HOUR, "hour")
                        .avg("value", "avg").min("value", "min").max("value", "max").sum("value", "sum").count("samples"),
                HostHour.class);

        assertThat(rows).containsExactly(
                new HostHour("web-01", START, 2.5, 0, 5, 15, 6),
                new HostHour("web-01", START.plusSeconds(3600), 12.5, 10, 15, 75, 6),
                new HostHour("web-01", START.plusSeconds(7200), 22.5, 20, 25, 135, 6),
                new HostHour("web-02", START, 100, 100, 100, 600, 6),
                new HostHour("web-02", START.plusSeconds(3600), 101, 101, 101, 606, 6),
                new HostHour("web-02", START.plusSeconds(7200), 102, 102, 102, 612, 6));
    }

    @Test
    void minuteAndDayBuckets() {
        metrics().insert(metric(START.plusSeconds(59), "s", "h", 1));
        metrics().insert(metric(START.plusSeconds(60), "s", "h", 2));
        metrics().insert(metric(START.plusSeconds(86_400 + 5), "s", "h", 4));
        record Bucket(Instant at, long n, double sum) {}
        assertThat(metrics().aggregate(Aggregation.all().groupBy("timestamp", TimeBucket.MINUTE, "at").count("n").sum("value", "sum"),
                Bucket.class)).containsExactly(new Bucket(START, 1, 1), new Bucket(START.plusSeconds(60), 1, 2),
                new Bucket(START.plusSeconds(86_400), 1, 4));
        assertThat(metrics().aggregate(Aggregation.all().groupBy("timestamp", TimeBucket.DAY, "at").count("n").sum("value", "sum"),
                Bucket.class)).containsExactly(new Bucket(Instant.parse("2026-11-01T00:00:00Z"), 2, 3),
                new Bucket(Instant.parse("2026-11-02T00:00:00Z"), 1, 4));
    }

    @Test
    void groupByAFieldWithIntegerSums() {
        seedTasks();
        assertThat(tasks().aggregate(Aggregation.all().groupBy("status").count("n").sum("priority", "total").min("priority", "lowest"),
                StatusCount.class)).containsExactly(
                new StatusCount(Task.Status.BLOCKED, 1, 2, 2), new StatusCount(Task.Status.DONE, 1, 10, 10),
                new StatusCount(Task.Status.IN_PROGRESS, 1, 5, 5), new StatusCount(Task.Status.OPEN, 3, 9, 1));
    }

    @Test
    void missingGroupValuesFormTheNullGroupFirstAndMetricsIgnoreNulls() {
        seedTasks();
        assertThat(tasks().aggregate(Aggregation.all().groupBy("assigneeId").count("n").max("estimate", "estimate"), AssigneeCount.class))
                .containsExactly(new AssigneeCount(null, 1, null), new AssigneeCount("ann", 2, new BigDecimal("13.25")),
                        new AssigneeCount("bob", 2, new BigDecimal("8")), new AssigneeCount("cara", 1, new BigDecimal("0.5")));
        assertThat(tasks().aggregate(Aggregation.all().groupBy("dueDate", TimeBucket.DAY, "day").count("n").max("dueDate", "latest"),
                DueDay.class)).extracting(d -> d.day() + " " + d.n()).containsExactly("null 1", "2029-12-31T00:00:00Z 1",
                "2030-01-01T00:00:00Z 1", "2030-01-02T00:00:00Z 1", "2030-01-15T00:00:00Z 1", "2030-02-01T00:00:00Z 1");
    }

    @Test
    void withoutGroupsOneRowOrNone() {
        seedTasks();
        assertThat(tasks().aggregate(Aggregation.all().count("n").avg("priority", "avg").max("priority", "max"), Totals.class))
                .containsExactly(new Totals(6, 26 / 6.0, 10));
        assertThat(tasks().aggregate(Aggregation.of(Query.where(eq("priority", 42))).count("n").avg("priority", "avg")
                .max("priority", "max"), Totals.class)).isEmpty();
        assertThat(tasks().aggregate(Aggregation.where(eq("status", Task.Status.OPEN)).count("n").avg("priority", "avg")
                .max("priority", "max"), Totals.class)).containsExactly(new Totals(3, 3, 5));
    }

    @Test
    void badAggregationsAreRefusedBeforeIo() {
        seedTasks();
        Snapshot<Task> before = Snapshot.of(tasks());
        List<Aggregation> bad = List.of(
                Aggregation.all(),                                               // nothing to compute
                Aggregation.all().groupBy("priority", TimeBucket.HOUR, "h").count("n"), // bucket of a non-Instant
                Aggregation.all().sum("title", "s"),                             // sum of a String
                Aggregation.all().groupBy("nope").count("n"),                    // unknown field
                Aggregation.all().groupBy("tags").count("n"),                    // a list as key
                Aggregation.where(eq("nope", 1)).count("n"));                    // unknown filter field
        for (Aggregation a : bad) {
            assertThatThrownBy(() -> tasks().aggregate(a, Map.class)).as(a.toString()).isInstanceOf(InvalidQueryException.class);
        }
        assertThatThrownBy(() -> Aggregation.all().count("n").count("n")).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> Aggregation.of(Query.all().limit(3))).isInstanceOf(InvalidQueryException.class);
        before.assertUnchanged();
    }

    private static Metric metric(Instant at, String series, String host, double value) {
        return new Metric(null, at, series, new Metric.Meta(host, Map.of()), value);
    }
}
