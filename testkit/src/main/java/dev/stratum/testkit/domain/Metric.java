package dev.stratum.testkit.domain;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One measurement of the monitoring service: a record with a {@link UUID} id (assigned by the store
 * when null). The kit streams thousands of these.
 *
 * <p>Not declared {@link dev.stratum.api.TimeSeries}: time-series collections restrict deletes and
 * updates on some stores, and the kit must run everywhere.
 *
 * @param id the id; null until inserted
 * @param timestamp when it was measured
 * @param series the metric's name, e.g. {@code cpu.load}
 * @param meta where it comes from
 * @param value the measured value (doubles, including negatives)
 */
@Entity("kit_metrics")
public record Metric(
        @Id @Nullable UUID id,
        @Indexed @Nullable Instant timestamp,
        @Indexed @Nullable String series,
        @Nullable Meta meta,
        @Indexed double value) {

    /**
     * The measurement's labels.
     *
     * @param host the host measured
     * @param labels free-form labels
     */
    public record Meta(String host, Map<String, String> labels) {}
}
