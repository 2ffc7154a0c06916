package dev.stratum.testkit.migration;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import org.jspecify.annotations.Nullable;

/**
 * An entity the steps kit backfills: {@code state} goes from {@code "old"} to {@code "new"} and
 * {@code migrations} counts how often a backfill touched it (so "exactly once" is checked on the
 * store itself); {@code legacyName} is renamed to {@code name}.
 *
 * @param id the id
 * @param state {@code "old"} or {@code "new"}
 * @param migrations how many backfills touched it
 * @param legacyName the old name field
 * @param name the new name field
 */
@Entity("stratum_steps_backfill")
public record BackfillItem(@Id String id, @Indexed String state, int migrations, @Nullable String legacyName, @Nullable String name) {}
