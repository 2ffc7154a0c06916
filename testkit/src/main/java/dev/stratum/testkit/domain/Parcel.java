package dev.stratum.testkit.domain;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;

/**
 * A delivery record written in bulk and under load by the fault scenarios: unversioned, so a save is an
 * idempotent upsert and a retry after an unknown outcome converges.
 *
 * @param id the id, set by the caller
 * @param group an indexed bucket the load queries by
 * @param payload the value written (the scenarios check it survives exactly)
 * @param seq which write of its id this is
 */
@Entity("rel_parcels")
public record Parcel(@Id String id, @Indexed String group, String payload, int seq) {}
