package dev.stratum.testkit.domain;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A login session that expires one second after {@code lastSeen}, on stores with
 * {@link dev.stratum.api.Capability#TTL}. The kit's TTL checks use it.
 *
 * @param id the id; null until inserted
 * @param userId whose session it is (indexed: expiry must leave no dangling index entries)
 * @param lastSeen last activity; the session expires one second later
 */
@Entity("kit_sessions")
public record Session(@Id @Nullable String id, @Indexed String userId, @Indexed(ttlSeconds = 1) Instant lastSeen) {}
