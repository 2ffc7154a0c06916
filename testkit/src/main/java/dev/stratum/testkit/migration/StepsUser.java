package dev.stratum.testkit.migration;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import org.jspecify.annotations.Nullable;

/**
 * A service's user whose {@code role} was added later: documents written before
 * {@link V1__Add_user_role} hold none (null or absent, the same thing in the contract).
 *
 * @param id the id
 * @param name the name
 * @param role the role, null until the migration ran
 */
@Entity("stratum_steps_users")
public record StepsUser(@Id String id, String name, @Indexed @Nullable String role) {}
