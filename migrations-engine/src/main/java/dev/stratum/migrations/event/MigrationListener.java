package dev.stratum.migrations.event;

import dev.stratum.migrations.ExecutedMigration;
import dev.stratum.migrations.MigrationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears what the engine does. Every method has an empty default; implement what you need. Called on
 * the thread running the migrations; an exception thrown by a listener is logged and ignored, it
 * never fails a run.
 *
 * <pre>{@code
 * Migrations.builder().target(store).scan("com.acme.migrations")
 *         .listener(new MigrationListener() {
 *             public void migrationSucceeded(MigrationEvent e, ExecutedMigration done) {
 *                 metrics.timer("migration").record(done.duration());
 *             }
 *         })
 *         .listener(MigrationListener.logging())   // opt-in INFO logging through SLF4J
 *         .build();
 * }</pre>
 */
public interface MigrationListener {

    /**
     * The run holds the lock and is about to start. (A {@code migrate()} that finds nothing pending
     * and nothing wrong does not take the lock: it reports a run with no steps.)
     */
    default void runStarted(RunEvent run) {}

    /** The run completed. For baseline and repair, {@code result} lists no steps. */
    default void runSucceeded(RunEvent run, MigrationResult result) {}

    /** The run failed (validation, a migration, the lock); {@code error} is what the caller gets. */
    default void runFailed(RunEvent run, Throwable error) {}

    /** A migration is about to run. */
    default void migrationStarted(MigrationEvent event) {}

    /** A migration ran and its history record was written. */
    default void migrationSucceeded(MigrationEvent event, ExecutedMigration executed) {}

    /** A migration threw, or its history could not be written; {@code error} is the original exception. */
    default void migrationFailed(MigrationEvent event, Throwable error) {}

    /**
     * A {@link dev.stratum.migrations.StepMigration}'s step made progress: at most once per
     * {@code progressInterval} (default 5 s) and once when each step finishes.
     */
    default void progress(MigrationEvent event, MigrationProgress progress) {}

    /**
     * A listener that logs every event through SLF4J (logger {@code dev.stratum.migrations}): runs and
     * successes and progress at INFO, failures at ERROR. The engine itself logs only at DEBUG.
     */
    static MigrationListener logging() {
        Logger log = LoggerFactory.getLogger("dev.stratum.migrations");
        return new MigrationListener() {
            @Override
            public void runStarted(RunEvent run) {
                log.info("{} on {} started (owner {})", run.operation(), run.store(), run.owner());
            }

            @Override
            public void runSucceeded(RunEvent run, MigrationResult result) {
                log.info("{} on {} done: {} migration(s), version {} -> {} in {} ms", run.operation(), run.store(), result.count(),
                        result.initialVersion(), result.finalVersion(), result.duration().toMillis());
            }

            @Override
            public void runFailed(RunEvent run, Throwable error) {
                log.error("{} on {} failed: {}", run.operation(), run.store(), error.getMessage());
            }

            @Override
            public void migrationStarted(MigrationEvent event) {
                log.info("{}: {} ...", event.run().store(), event.step());
            }

            @Override
            public void migrationSucceeded(MigrationEvent event, ExecutedMigration executed) {
                log.info("{}: {} done in {} ms", event.run().store(), event.step(), executed.duration().toMillis());
            }

            @Override
            public void progress(MigrationEvent event, MigrationProgress progress) {
                log.info("{}: {}", event.run().store(), progress);
            }

            @Override
            public void migrationFailed(MigrationEvent event, Throwable error) {
                log.error("{}: {} failed", event.run().store(), event.step(), error);
            }
        };
    }
}
