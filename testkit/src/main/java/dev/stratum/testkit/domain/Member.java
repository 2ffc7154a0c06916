package dev.stratum.testkit.domain;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import org.jspecify.annotations.Nullable;

/**
 * A member with an optional, unique nickname: {@code @Indexed(unique = true, sparse = true)}, so any
 * number of members may have none (null), while two members never share one.
 *
 * @param id the id
 * @param name a name
 * @param nickname the optional unique nickname
 */
@Entity("kit_members")
public record Member(@Id String id, String name, @Indexed(unique = true, sparse = true) @Nullable String nickname) {}
