package dev.stratum.migrations.internal;

import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.migrations.MigrationOperation;
import dev.stratum.migrations.MigrationPlan;
import dev.stratum.migrations.MigrationState;
import dev.stratum.migrations.MigrationStatus;
import dev.stratum.migrations.MigrationStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Computes what a migrate or undo would do from a {@link HistoryAnalysis}; runs nothing. */
public final class Planner {

    private Planner() {}

    /** The pending migrations up to {@code target} (all if null), ascending; blocked by any validation problem. */
    public static MigrationPlan migrate(HistoryAnalysis analysis, @Nullable MigrationVersion target) {
        List<MigrationStep> steps = new ArrayList<>();
        for (MigrationStatus s : analysis.statuses()) {
            if ((s.state() == MigrationState.PENDING || s.state() == MigrationState.RUNNING) && (target == null || s.version().compareTo(target) <= 0)) {
                steps.add(resolvedOf(analysis, s.version()).step(MigrationStep.Direction.UP));
            }
        }
        return new MigrationPlan(MigrationOperation.MIGRATE, analysis.currentVersion(), target, steps, analysis.problems());
    }

    /**
     * The applied migrations above {@code target}, newest first, to revert with {@code down()};
     * blocked by validation problems, by irreversible or unresolved migrations, and by a target
     * below the baseline.
     */
    public static MigrationPlan undo(HistoryAnalysis analysis, MigrationVersion target) {
        List<MigrationStep> steps = new ArrayList<>();
        List<String> blockers = new ArrayList<>(analysis.problems());
        MigrationVersion baseline = analysis.baseline();
        if (baseline != null && target.compareTo(baseline) < 0) {
            blockers.add("cannot undo to " + target + ": the store was baselined at " + baseline
                    + " and what the baseline stands for cannot be reverted");
        }
        List<MigrationStatus> statuses = new ArrayList<>(analysis.statuses());
        Collections.reverse(statuses);
        for (MigrationStatus s : statuses) {
            MigrationRecord r = analysis.record(s.version());
            if (r == null || r.outcome() != MigrationRecord.Outcome.SUCCEEDED || s.version().compareTo(target) <= 0) {
                continue;
            }
            ResolvedMigration m = analysis.resolved(s.version());
            if (m == null) {
                blockers.add("cannot undo migration " + s.version() + " (" + r.description() + "): no migration class has that version");
            } else if (!m.migration().reversible()) {
                blockers.add("cannot undo migration " + s.version() + " (" + m.description() + "): " + m.className()
                        + " is not reversible (implement down() and return true from reversible())");
            } else {
                steps.add(m.step(MigrationStep.Direction.DOWN));
            }
        }
        return new MigrationPlan(MigrationOperation.UNDO, analysis.currentVersion(), target, steps, blockers);
    }

    private static ResolvedMigration resolvedOf(HistoryAnalysis analysis, MigrationVersion version) {
        ResolvedMigration m = analysis.resolved(version);
        if (m == null) {
            throw new IllegalStateException("no resolved migration " + version);
        }
        return m;
    }
}
