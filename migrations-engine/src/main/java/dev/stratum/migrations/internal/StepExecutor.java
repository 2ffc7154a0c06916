package dev.stratum.migrations.internal;

import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.migrations.ExecutedMigration;
import dev.stratum.migrations.MigrationStep;
import dev.stratum.migrations.Step;
import dev.stratum.migrations.StepMigration;
import dev.stratum.migrations.event.MigrationProgress;
import dev.stratum.migrations.event.MigrationEvent;
import dev.stratum.migrations.event.RunEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one migration step under a held lease: span, events, {@code up}/{@code down}, and the fenced
 * history write (a SUCCEEDED record after {@code up}, removal after {@code down}, a FAILED record
 * when it throws).
 */
final class StepExecutor {
    private static final Logger log = LoggerFactory.getLogger(StepExecutor.class);
    /** Failure texts are kept bounded in history records. */
    private static final int MAX_ERROR_LENGTH = 4000;

    private final EngineSettings settings;
    private final MigrationTarget target;
    private final Listeners listeners;
    private final MigrationTracing tracing;

    StepExecutor(EngineSettings settings, Listeners listeners) {
        this.settings = settings;
        this.target = settings.target();
        this.listeners = listeners;
        this.tracing = new MigrationTracing(settings.openTelemetry(), settings.storeName());
    }

    /**
     * Runs {@code m} in {@code direction}.
     *
     * @throws MigrationException (cause: the migration's exception) if it failed, after recording it as FAILED
     * @throws LeaseLostException if the lease was lost: nothing more is written
     */
    ExecutedMigration run(ResolvedMigration m, MigrationStep.Direction direction, LeaseKeeper keeper, RunEvent run) {
        MigrationStep step = m.step(direction);
        MigrationEvent event = new MigrationEvent(run, step);
        Instant started = now();
        listeners.fire(l -> l.migrationStarted(event));
        log.debug("{}: {} started", settings.storeName(), step);
        Span span = tracing.start(step);
        Throwable failure = null;
        Scope scope = span.makeCurrent();
        try {
            keeper.checkLease();
            EngineContext context = new EngineContext(target.store(), m.version(), keeper);
            if (direction == MigrationStep.Direction.UP && m.migration() instanceof StepMigration steps) {
                runSteps(m, steps, event, keeper, context, started);
            } else if (direction == MigrationStep.Direction.UP) {
                m.migration().up(context);
            } else {
                m.migration().down(context);
            }
        } catch (Throwable t) {
            failure = t;
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            scope.close();
        }
        Instant finished = now();
        Duration duration = Duration.between(started, finished);
        boolean ran = failure == null;
        if (ran) {
            failure = recordSuccess(m, step, keeper, started, finished, duration);
        } else if (failure != null && !(failure instanceof LeaseLostException)) {
            recordFailure(m, step, keeper, started, finished, duration, failure);
        }
        MigrationTracing.end(span, failure);
        if (failure == null) {
            ExecutedMigration executed = new ExecutedMigration(step, started, duration);
            log.debug("{}: {} succeeded in {} ms", settings.storeName(), step, duration.toMillis());
            listeners.fire(l -> l.migrationSucceeded(event, executed));
            return executed;
        }
        Throwable error = failure;
        listeners.fire(l -> l.migrationFailed(event, error));
        throw propagate(step, failure, ran);
    }

    /**
     * Runs a step migration in batches: after each batch a RUNNING record with the checkpoint (fenced
     * by the lease, so a runner that lost the lock stops at its next batch); resumes from a RUNNING
     * record of the same checksum left by a runner that died.
     */
    private void runSteps(ResolvedMigration m, StepMigration migration, MigrationEvent event, LeaseKeeper keeper, EngineContext context,
            Instant started) {
        StepRunner.Checkpoint resume = null;
        for (MigrationRecord r : target.history()) {
            if (r.version().equals(m.version()) && r.outcome() == MigrationRecord.Outcome.RUNNING && r.checksum().equals(m.checksum())) {
                resume = StepRunner.Checkpoint.decode(r.checkpoint());
            }
        }
        if (resume != null) {
            log.debug("{}: {} resumes from checkpoint {}", settings.storeName(), event.step(), resume);
        }
        List<Step> steps = migration.steps();
        StepRunner.Checkpoint from = resume;
        StepRunner.run(context, steps, migration.batchSize(), resume, new StepRunner.Sink() {
            private long estimate = -1;
            private boolean resumed;
            private long doneAtStart;
            private long startedNanos;
            private Instant lastReport = Instant.MIN;

            @Override
            public void stepStarted(int step, long estimatedTotal, boolean resumedStep) {
                estimate = estimatedTotal;
                resumed = resumedStep;
                doneAtStart = resumedStep && from != null ? from.done() : 0;
                startedNanos = System.nanoTime();
                lastReport = now();
            }

            @Override
            public void batchDone(StepRunner.Checkpoint checkpoint) {
                Instant now = now();
                target.writeRecord(keeper.lease(), new MigrationRecord(m.version(), m.description(), m.checksum(), settings.owner(), started,
                        null, Duration.between(started, now), MigrationRecord.Outcome.RUNNING, null, checkpoint.encode()));
                if (!checkpoint.stepFinished() && Duration.between(lastReport, now).compareTo(settings.progressInterval()) < 0) {
                    return;
                }
                lastReport = now;
                double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
                double rate = (checkpoint.done() - doneAtStart) / seconds;
                Duration remaining = null;
                if (checkpoint.stepFinished()) {
                    remaining = Duration.ZERO;
                } else if (estimate >= 0 && rate > 0) {
                    remaining = Duration.ofMillis((long) (Math.max(0, estimate - checkpoint.done()) / rate * 1000));
                }
                MigrationProgress progress = new MigrationProgress(m.version(), checkpoint.step(), steps.size(),
                        steps.get(checkpoint.step()).canonical(), checkpoint.done(), estimate, rate, remaining, resumed, checkpoint.stepFinished());
                log.debug("{}: {}", settings.storeName(), progress);
                listeners.fire(l -> l.progress(event, progress));
            }
        });
    }

    private @Nullable Throwable recordSuccess(ResolvedMigration m, MigrationStep step, LeaseKeeper keeper, Instant started, Instant finished,
            Duration duration) {
        try {
            if (step.direction() == MigrationStep.Direction.UP) {
                target.writeRecord(keeper.lease(), new MigrationRecord(m.version(), m.description(), m.checksum(), settings.owner(), started,
                        finished, duration, MigrationRecord.Outcome.SUCCEEDED, null));
            } else {
                target.deleteRecord(keeper.lease(), m.version());
            }
            return null;
        } catch (LeaseLostException e) {
            LeaseLostException lost = new LeaseLostException("migration " + step + " ran, but its history could not be written: "
                    + e.getMessage() + ". The runner that holds the lock now will run it again, so migrations must be idempotent");
            lost.addSuppressed(e); // its constructor takes no cause
            return lost;
        } catch (RuntimeException e) {
            return new MigrationException("migration " + step + " ran, but its history could not be written to store '"
                    + settings.storeName() + "': " + e.getMessage(), e);
        }
    }

    private void recordFailure(ResolvedMigration m, MigrationStep step, LeaseKeeper keeper, Instant started, Instant finished,
            Duration duration, Throwable failure) {
        String error = (step.direction() == MigrationStep.Direction.DOWN ? "down() failed: " : "") + failure;
        if (error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH - 3) + "...";
        }
        try {
            target.writeRecord(keeper.lease(), new MigrationRecord(m.version(), m.description(), m.checksum(), settings.owner(), started,
                    finished, duration, MigrationRecord.Outcome.FAILED, error));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private RuntimeException propagate(MigrationStep step, Throwable failure, boolean ran) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (ran || failure instanceof LeaseLostException) {
            // the history write failed (already described), or the lease was lost while running
            return (RuntimeException) failure;
        }
        return new MigrationException("migration " + step + " failed on store '" + settings.storeName() + "': " + failure
                + ". It is recorded as FAILED and blocks further runs: fix it, then call repair() and migrate() again", failure);
    }

    private Instant now() {
        return settings.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
