package dev.stratum.examples;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The quickstart's time series: one measurement of an asset.
 *
 * @param id assigned on insert
 * @param asset the asset measured
 * @param at when
 * @param value the measured value
 */
@Entity("readings")
public record Reading(@Id @Nullable UUID id, @Indexed String asset, @Indexed Instant at, double value) {}
