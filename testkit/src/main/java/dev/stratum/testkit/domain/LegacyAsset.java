package dev.stratum.testkit.domain;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import org.jspecify.annotations.Nullable;

/**
 * An older version of {@link Asset} stored in the same collection, before {@code kind},
 * {@code location} and {@code data} were added. The kit writes with it and reads with {@link Asset}
 * to check that documents lacking a property (as opposed to holding null) read as the default and
 * match {@code eq(field, null)} and {@code missing(field)}: the situation after every schema change.
 *
 * @param id the CMDB number
 * @param hostname host name
 */
@Entity("kit_assets")
public record LegacyAsset(@Id @Nullable Long id, @Indexed @Nullable String hostname) {}
