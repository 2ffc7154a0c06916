package dev.stratum.migrations.internal;

import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.MigrationException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.migrations.ExecutedMigration;
import dev.stratum.migrations.MigrationInfo;
import dev.stratum.migrations.MigrationOperation;
import dev.stratum.migrations.MigrationPlan;
import dev.stratum.migrations.MigrationResult;
import dev.stratum.migrations.MigrationState;
import dev.stratum.migrations.MigrationStatus;
import dev.stratum.migrations.MigrationStep;
import dev.stratum.migrations.MigrationValidationException;
import dev.stratum.migrations.RepairResult;
import dev.stratum.migrations.Step;
import dev.stratum.migrations.StepEstimate;
import dev.stratum.migrations.StepMigration;
import dev.stratum.migrations.event.RunEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The engine's operations. Read-only ones (info, plan, validate) read the history without the lock;
 * writing ones run under the lock protocol: acquire, heartbeat, re-read the history, validate, run,
 * release.
 */
public final class MigrationRunner {
    /** The description of baseline records. */
    public static final String BASELINE_DESCRIPTION = "<< Baseline >>";

    private final EngineSettings settings;
    private final MigrationTarget target;
    private final Listeners listeners;
    private final StepExecutor executor;

    /** Creates the runner of a configuration. */
    public MigrationRunner(EngineSettings settings) {
        this.settings = settings;
        this.target = settings.target();
        this.listeners = new Listeners(settings.listeners());
        this.executor = new StepExecutor(settings, listeners);
    }

    /** See {@code Migrations.info()}. */
    public MigrationInfo info() {
        HistoryAnalysis analysis = analyse();
        Lease lock = target.currentLease().orElse(null);
        return analysis.info(lock);
    }

    /** See {@code Migrations.plan()}. */
    public MigrationPlan planMigrate(@Nullable MigrationVersion to) {
        HistoryAnalysis analysis = analyse();
        MigrationPlan plan = Planner.migrate(analysis, to);
        Map<MigrationVersion, List<StepEstimate>> estimates = new LinkedHashMap<>();
        for (MigrationStep step : plan.steps()) {
            ResolvedMigration m = analysis.resolved(step.version());
            if (m != null && m.migration() instanceof StepMigration steps) {
                List<StepEstimate> list = new ArrayList<>();
                for (Step s : steps.steps()) {
                    long n;
                    try {
                        n = StepRunner.estimate(target.store(), s);
                    } catch (RuntimeException e) {
                        n = -1; // a dry run never fails on an estimate
                    }
                    list.add(new StepEstimate(s.canonical(), n));
                }
                estimates.put(step.version(), list);
            }
        }
        return plan.withEstimates(estimates);
    }

    /** See {@code Migrations.planUndoTo()}. */
    public MigrationPlan planUndo(MigrationVersion to) {
        return Planner.undo(analyse(), to);
    }

    /** See {@code Migrations.validate()}. */
    public void validate() {
        List<String> problems = analyse().problems();
        if (!problems.isEmpty()) {
            throw new MigrationValidationException(problems);
        }
    }

    /** See {@code Migrations.migrate()}. */
    public MigrationResult migrate(@Nullable MigrationVersion to) {
        HistoryAnalysis current = analyse();
        MigrationPlan quick = Planner.migrate(current, to);
        if (quick.isEmpty() && quick.canRun()) {
            // nothing pending and nothing wrong: history records are written only after success, so
            // no other runner can change that; spare the lock (a fleet of instances starting at once)
            RunEvent run = new RunEvent(MigrationOperation.MIGRATE, settings.storeName(), settings.owner());
            MigrationResult result = new MigrationResult(MigrationOperation.MIGRATE, settings.owner(), current.currentVersion(),
                    current.currentVersion(), List.of(), Duration.ZERO);
            listeners.fire(l -> l.runStarted(run));
            listeners.fire(l -> l.runSucceeded(run, result));
            return result;
        }
        return locked(MigrationOperation.MIGRATE, (keeper, run) -> {
            HistoryAnalysis before = analyse();
            MigrationPlan plan = Planner.migrate(before, to);
            return execute(plan, before, keeper, run);
        }, r -> r);
    }

    /** See {@code Migrations.undoTo()}. */
    public MigrationResult undo(MigrationVersion to) {
        return locked(MigrationOperation.UNDO, (keeper, run) -> {
            HistoryAnalysis before = analyse();
            MigrationPlan plan = Planner.undo(before, to);
            return execute(plan, before, keeper, run);
        }, r -> r);
    }

    private MigrationResult execute(MigrationPlan plan, HistoryAnalysis before, LeaseKeeper keeper, RunEvent run) {
        long started = System.nanoTime();
        if (!plan.canRun()) {
            throw new MigrationValidationException(plan.blockers());
        }
        List<ExecutedMigration> done = new ArrayList<>();
        for (MigrationStep step : plan.steps()) {
            ResolvedMigration m = before.resolved(step.version());
            if (m == null) {
                throw new IllegalStateException("planned migration " + step.version() + " is not resolved");
            }
            done.add(executor.run(m, step.direction(), keeper, run));
        }
        MigrationVersion after = done.isEmpty() ? before.currentVersion() : analyse().currentVersion();
        return new MigrationResult(plan.operation(), settings.owner(), before.currentVersion(), after, done,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** See {@code Migrations.baseline()}. */
    public MigrationResult baseline(MigrationVersion version) {
        return locked(MigrationOperation.BASELINE, (keeper, run) -> {
            long started = System.nanoTime();
            List<MigrationRecord> history = target.history();
            if (history.size() == 1 && history.get(0).outcome() == MigrationRecord.Outcome.BASELINE && history.get(0).version().equals(version)) {
                return new MigrationResult(MigrationOperation.BASELINE, settings.owner(), version, version, List.of(), Duration.ZERO);
            }
            if (!history.isEmpty()) {
                throw new MigrationException("cannot baseline store '" + settings.storeName() + "' at " + version + ": its migration history is not empty ("
                        + history.size() + " record(s), current version " + HistoryAnalysis.of(settings, history).currentVersion()
                        + "); baseline() is for stores holding data from before migrations were used");
            }
            Instant now = settings.clock().instant().truncatedTo(ChronoUnit.MILLIS);
            target.writeRecord(keeper.lease(), new MigrationRecord(version, BASELINE_DESCRIPTION, "", settings.owner(), now, now, Duration.ZERO,
                    MigrationRecord.Outcome.BASELINE, null));
            return new MigrationResult(MigrationOperation.BASELINE, settings.owner(), null, version, List.of(),
                    Duration.ofNanos(System.nanoTime() - started));
        }, r -> r);
    }

    /** See {@code Migrations.repair()}. */
    public RepairResult repair() {
        return locked(MigrationOperation.REPAIR, (keeper, run) -> {
            HistoryAnalysis analysis = analyse();
            List<MigrationVersion> removed = new ArrayList<>();
            List<MigrationVersion> realigned = new ArrayList<>();
            for (MigrationStatus s : analysis.statuses()) {
                MigrationRecord r = analysis.record(s.version());
                ResolvedMigration m = analysis.resolved(s.version());
                if (r == null) {
                    continue;
                }
                if (s.state() == MigrationState.FAILED || (r.outcome() == MigrationRecord.Outcome.RUNNING && m == null)) {
                    target.deleteRecord(keeper.lease(), s.version());
                    removed.add(s.version());
                } else if (m != null && r.outcome() == MigrationRecord.Outcome.SUCCEEDED
                        && (!m.checksum().equals(r.checksum()) || !m.description().equals(r.description()))) {
                    // also rewrites a bytecode checksum of an earlier engine (not compared, see Checksums.matches)
                    target.writeRecord(keeper.lease(), new MigrationRecord(r.version(), m.description(), m.checksum(), r.installedBy(),
                            r.startedAt(), r.finishedAt(), r.duration(), r.outcome(), r.error()));
                    realigned.add(s.version());
                }
            }
            return new RepairResult(removed, realigned);
        }, r -> new MigrationResult(MigrationOperation.REPAIR, settings.owner(), null, null, List.of(), Duration.ZERO));
    }

    /** Runs {@code body} holding the lock, with run events; the lease is released whatever happens. */
    private <R> R locked(MigrationOperation operation, BiFunction<LeaseKeeper, RunEvent, R> body, Function<R, MigrationResult> asResult) {
        RunEvent run = new RunEvent(operation, settings.storeName(), settings.owner());
        try {
            R result;
            try (LeaseKeeper keeper = LockProtocol.acquire(settings)) {
                listeners.fire(l -> l.runStarted(run));
                result = body.apply(keeper, run);
            }
            MigrationResult summary = asResult.apply(result);
            listeners.fire(l -> l.runSucceeded(run, summary));
            return result;
        } catch (RuntimeException | Error e) {
            listeners.fire(l -> l.runFailed(run, e));
            throw e;
        }
    }

    private HistoryAnalysis analyse() {
        return HistoryAnalysis.of(settings, target.history());
    }
}
