package dev.stratum.migrations.internal;

import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.migrations.MigrationInfo;
import dev.stratum.migrations.MigrationState;
import dev.stratum.migrations.MigrationStatus;
import dev.stratum.migrations.StepMigration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The resolved migrations compared with a store's history: one {@link MigrationState} per version,
 * the current version, and the problems that make validation fail.
 */
public final class HistoryAnalysis {
    private final Map<MigrationVersion, ResolvedMigration> resolved = new TreeMap<>();
    private final Map<MigrationVersion, MigrationRecord> records = new TreeMap<>();
    private final List<MigrationStatus> statuses = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final @Nullable MigrationVersion currentVersion;
    private final @Nullable MigrationVersion baseline;

    private HistoryAnalysis(List<ResolvedMigration> migrations, List<MigrationRecord> history, boolean outOfOrder, boolean ignoreMissing) {
        migrations.forEach(m -> resolved.put(m.version(), m));
        history.forEach(r -> records.put(r.version(), r));
        MigrationVersion current = null;
        MigrationVersion base = null;
        for (MigrationRecord r : records.values()) {
            if (r.outcome() != MigrationRecord.Outcome.FAILED && r.outcome() != MigrationRecord.Outcome.RUNNING) {
                current = r.version();
            }
            if (r.outcome() == MigrationRecord.Outcome.BASELINE) {
                base = r.version();
            }
        }
        this.currentVersion = current;
        this.baseline = base;
        TreeSet<MigrationVersion> versions = new TreeSet<>(resolved.keySet());
        versions.addAll(records.keySet());
        for (MigrationVersion v : versions) {
            statuses.add(status(v, resolved.get(v), records.get(v), outOfOrder, ignoreMissing));
        }
    }

    /** Analyses a history against the resolved migrations. */
    public static HistoryAnalysis of(EngineSettings settings, List<MigrationRecord> history) {
        return new HistoryAnalysis(settings.migrations(), history, settings.outOfOrder(), settings.ignoreMissing());
    }

    private MigrationStatus status(MigrationVersion v, @Nullable ResolvedMigration m, @Nullable MigrationRecord r, boolean outOfOrder,
            boolean ignoreMissing) {
        MigrationState state;
        if (r == null) {
            Objects.requireNonNull(m, "a version comes from the migrations or the history");
            if (baseline != null && v.compareTo(baseline) <= 0) {
                state = MigrationState.BELOW_BASELINE;
            } else if (currentVersion != null && v.compareTo(currentVersion) < 0 && !outOfOrder) {
                state = MigrationState.IGNORED;
                problems.add("migration " + v + " (" + m.description() + ") is not applied but the later version " + currentVersion
                        + " is; apply it anyway with outOfOrder(true), or give it a version above " + currentVersion);
            } else {
                state = MigrationState.PENDING;
            }
        } else if (r.outcome() == MigrationRecord.Outcome.FAILED) {
            state = MigrationState.FAILED;
            problems.add("migration " + v + " (" + r.description() + ") failed at " + r.startedAt() + " (run by '" + r.installedBy() + "'): "
                    + r.error() + ". Fix the migration (make it idempotent: it will run again), then call repair() and migrate()");
        } else if (r.outcome() == MigrationRecord.Outcome.BASELINE) {
            state = MigrationState.BASELINE;
        } else if (r.outcome() == MigrationRecord.Outcome.RUNNING) {
            if (m == null) {
                state = MigrationState.MISSING;
                problems.add("migration " + v + " (" + r.description() + ") was started on the store (checkpoint " + r.checkpoint()
                        + ") but no migration class has that version; restore it so it can finish, or remove its record with repair()");
            } else {
                state = MigrationState.RUNNING;
            }
        } else if (m == null) {
            state = MigrationState.MISSING;
            if (!ignoreMissing) {
                problems.add("migration " + v + " (" + r.description() + ") is applied on the store but no migration class has that version;"
                        + " restore it, or tolerate it with ignoreMissingMigrations(true)");
            }
        } else if (!Checksums.matches(m.checksum(), r.checksum())) {
            state = MigrationState.CHECKSUM_MISMATCH;
            problems.add("migration " + v + " (" + m.description() + ") changed after it was applied: recorded checksum '" + r.checksum()
                    + "', current checksum '" + m.checksum() + "' (" + m.className() + "). Fix: revert the change to the migration, or, if"
                    + " the change is intended, accept it with repair(), which records the current checksum");
        } else {
            state = MigrationState.APPLIED;
        }
        return new MigrationStatus(v, m != null ? m.description() : Objects.requireNonNull(r, "record").description(), state, m == null ? null : m.checksum(),
                r == null ? null : r.checksum(), r == null ? null : r.installedBy(), r == null ? null : r.startedAt(),
                r == null ? null : r.duration(), r == null ? null : r.error(),
                state == MigrationState.BASELINE ? MigrationStatus.Type.BASELINE : m == null ? MigrationStatus.Type.UNKNOWN
                : m.migration() instanceof StepMigration ? MigrationStatus.Type.STEPS : MigrationStatus.Type.JAVA);
    }

    /** The info report. */
    public MigrationInfo info(@Nullable Lease lock) {
        return new MigrationInfo(statuses, currentVersion, lock, problems);
    }

    /** What makes validation fail. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** The highest applied or baseline version. */
    public @Nullable MigrationVersion currentVersion() {
        return currentVersion;
    }

    /** The baseline version, if the store was baselined. */
    public @Nullable MigrationVersion baseline() {
        return baseline;
    }

    /** Every migration's status, by version. */
    public List<MigrationStatus> statuses() {
        return Collections.unmodifiableList(statuses);
    }

    /** The resolved migration of a version, if any. */
    public @Nullable ResolvedMigration resolved(MigrationVersion version) {
        return resolved.get(version);
    }

    /** The history record of a version, if any. */
    public @Nullable MigrationRecord record(MigrationVersion version) {
        return records.get(version);
    }
}
