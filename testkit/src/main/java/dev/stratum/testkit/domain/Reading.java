package dev.stratum.testkit.domain;

import dev.stratum.api.CompoundIndex;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One reading of the monitoring service, indexed only through compound indexes: "one asset's readings
 * in a time range, sorted by time" ({@code assetId, ts}) and "one kind's readings by sequence number"
 * ({@code kind, seq}; the sequence numbers go beyond 2^53). Neither {@code ts} nor {@code seq} has an
 * index of its own, so a store that needs indexes must serve them from the compound ones.
 *
 * @param id the id
 * @param assetId the asset measured (leading field of the first index)
 * @param kind what was measured (leading field of the second index)
 * @param ts when (next field of the first index; may be null)
 * @param seq a sequence number (next field of the second index)
 * @param value the measured value
 */
@Entity("kit_readings")
@CompoundIndex(name = "reading_asset_ts", fields = {"assetId", "ts"})
@CompoundIndex(name = "reading_kind_seq", fields = {"kind", "-seq"})
public record Reading(@Id String id, String assetId, String kind, @Nullable Instant ts, long seq, double value) {}
