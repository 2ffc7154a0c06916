package dev.stratum.migrations.examples;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import org.jspecify.annotations.Nullable;

/**
 * A service's user, in its current shape: {@code role} was added later, so documents written
 * before {@link V1__Add_user_role} have none (it reads as null).
 */
@Entity("users")
public record AppUser(@Id String id, String name, String email, @Indexed @Nullable String role) {

    /** The same user with another role. */
    public AppUser withRole(@Nullable String role) {
        return new AppUser(id, name, email, role);
    }
}
