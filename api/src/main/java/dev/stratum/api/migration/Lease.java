package dev.stratum.api.migration;

import java.time.Instant;

/**
 * A held migration lock.
 *
 * @param owner the holder's id (engine's {@code owner(...)}, by default host and process)
 * @param token the fencing token: strictly greater on every acquisition, so writes from an older
 *     holder can be refused
 * @param expiresAt when the lease lapses unless renewed
 */
public record Lease(String owner, long token, Instant expiresAt) {}
