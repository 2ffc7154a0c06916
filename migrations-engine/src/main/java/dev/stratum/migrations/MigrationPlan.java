package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationVersion;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A dry run: what {@link Migrations#migrate()}, {@link Migrations#migrateTo} or
 * {@link Migrations#undoTo} would do now, computed from the store's history without taking the lock
 * and without running anything.
 *
 * <pre>{@code
 * MigrationPlan plan = migrations.plan();
 * if (!plan.canRun()) throw new IllegalStateException(String.join("\n", plan.blockers()));
 * plan.steps().forEach(s -> log.info("would run {} {} [{}]", s.version(), s.description(), s.checksum()));
 * }</pre>
 *
 * @param operation {@link MigrationOperation#MIGRATE} or {@link MigrationOperation#UNDO}
 * @param currentVersion the store's current version (highest applied), null if none
 * @param targetVersion the requested target, null for "latest"
 * @param steps the steps in the order they would run (ascending for migrate, descending for undo)
 * @param blockers why the run would be refused (validation problems, irreversible migrations); empty if it can run
 * @param estimates for each planned {@link StepMigration}, its steps with the number of entities each
 *     touches now (a count query per step); code migrations have none
 */
public record MigrationPlan(MigrationOperation operation, @Nullable MigrationVersion currentVersion,
        @Nullable MigrationVersion targetVersion, List<MigrationStep> steps, List<String> blockers,
        Map<MigrationVersion, List<StepEstimate>> estimates) {

    public MigrationPlan {
        steps = List.copyOf(steps);
        blockers = List.copyOf(blockers);
        estimates = Map.copyOf(estimates);
    }

    /** A plan without estimates. */
    public MigrationPlan(MigrationOperation operation, @Nullable MigrationVersion currentVersion, @Nullable MigrationVersion targetVersion,
            List<MigrationStep> steps, List<String> blockers) {
        this(operation, currentVersion, targetVersion, steps, blockers, Map.of());
    }

    /** The same plan with step estimates. */
    public MigrationPlan withEstimates(Map<MigrationVersion, List<StepEstimate>> estimates) {
        return new MigrationPlan(operation, currentVersion, targetVersion, steps, blockers, estimates);
    }

    /** Whether there is nothing to do. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Whether the run would proceed (no blockers). */
    public boolean canRun() {
        return blockers.isEmpty();
    }

    /** A short human-readable description, one line per step; for logs. Nothing is printed by the engine. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(operation).append(" from ").append(currentVersion == null ? "<empty>" : currentVersion)
                .append(" to ").append(targetVersion == null ? "latest" : targetVersion).append(": ")
                .append(steps.isEmpty() ? "nothing to do" : steps.size() + " step(s)");
        for (MigrationStep s : steps) {
            sb.append("\n  ").append(s).append(" [").append(s.checksum().isEmpty() ? "no checksum" : s.checksum()).append(']');
            for (StepEstimate e : estimates.getOrDefault(s.version(), List.of())) {
                sb.append("\n      ").append(e.step()).append(": ").append(e.documents() < 0 ? "?" : "~" + e.documents()).append(" document(s)");
            }
        }
        for (String b : blockers) {
            sb.append("\n  BLOCKED: ").append(b);
        }
        return sb.toString();
    }
}
