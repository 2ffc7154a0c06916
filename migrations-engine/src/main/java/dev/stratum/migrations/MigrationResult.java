package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationVersion;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a successful {@link Migrations#migrate()}, {@link Migrations#migrateTo} or
 * {@link Migrations#undoTo} did. (A failed run throws instead.)
 *
 * @param operation what ran
 * @param owner the lock owner id of this engine
 * @param initialVersion the store's version before the run, null if none was applied
 * @param finalVersion the store's version after the run, null if none is applied
 * @param executed the steps that ran, in order
 * @param duration how long the run took once it held the lock
 */
public record MigrationResult(MigrationOperation operation, String owner, @Nullable MigrationVersion initialVersion,
        @Nullable MigrationVersion finalVersion, List<ExecutedMigration> executed, Duration duration) {

    public MigrationResult {
        executed = List.copyOf(executed);
    }

    /** How many migrations ran. */
    public int count() {
        return executed.size();
    }

    /** The versions that ran, in order. */
    public List<MigrationVersion> versions() {
        return executed.stream().map(e -> e.step().version()).toList();
    }
}
