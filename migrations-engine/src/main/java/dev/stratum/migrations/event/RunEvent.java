package dev.stratum.migrations.event;

import dev.stratum.migrations.MigrationOperation;

/**
 * One run of the engine (a {@code migrate()}, {@code undoTo()}, {@code baseline()} or {@code repair()}
 * holding the lock).
 *
 * @param operation what runs
 * @param store the store's system name ({@code mongodb}, {@code redis}, {@code memory}, ...)
 * @param owner this engine's lock owner id
 */
public record RunEvent(MigrationOperation operation, String store, String owner) {}
