package dev.stratum.migrations.examples;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;

/** A login session under its old collection (Redis key prefix) {@code sess}. */
@Entity("sess")
public record LegacySession(@Id String id, @Indexed String userId, long lastSeenEpochMs) {}
