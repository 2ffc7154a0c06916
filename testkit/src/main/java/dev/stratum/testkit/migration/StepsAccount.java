package dev.stratum.testkit.migration;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import org.jspecify.annotations.Nullable;

/**
 * An entity without declared indexes, which the steps kit indexes with {@code createIndex} steps
 * (unique {@code email}, {@code team}) and unindexes with {@code dropIndex}.
 *
 * @param id the id
 * @param email the e-mail address, unique once the kit's index exists
 * @param team the team, null for none
 * @param level a number
 */
@Entity("stratum_steps_accounts")
public record StepsAccount(@Id String id, String email, @Nullable String team, int level) {}
