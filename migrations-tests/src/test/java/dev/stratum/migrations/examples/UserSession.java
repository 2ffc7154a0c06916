package dev.stratum.migrations.examples;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;

/** A login session under its new collection (Redis key prefix) {@code sessions}, with its index set rebuilt on write. */
@Entity("sessions")
public record UserSession(@Id String id, @Indexed String userId, long lastSeenEpochMs) {}
