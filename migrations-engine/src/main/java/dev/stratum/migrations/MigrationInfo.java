package dev.stratum.migrations;

import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.MigrationVersion;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The state of every migration on a store, from {@link Migrations#info()}: resolved classes and
 * the store's history side by side, ordered by version.
 *
 * <pre>{@code
 * MigrationInfo info = migrations.info();
 * info.pending();                    // not applied yet
 * info.failed();                     // blocks migrate() until repair()
 * log.info("\n{}", info.toTable());  // a Flyway-style table, only when you ask for it
 * }</pre>
 *
 * @param migrations every known migration, by version
 * @param currentVersion the highest applied (or baseline) version, null if none
 * @param lock the store's current migration lease (maybe expired), null if free
 * @param problems what makes {@link Migrations#validate()} fail now; empty if valid
 */
public record MigrationInfo(List<MigrationStatus> migrations, @Nullable MigrationVersion currentVersion,
        @Nullable Lease lock, List<String> problems) {

    public MigrationInfo {
        migrations = List.copyOf(migrations);
        problems = List.copyOf(problems);
    }

    /** The migrations in one state, by version. */
    public List<MigrationStatus> inState(MigrationState state) {
        return migrations.stream().filter(m -> m.state() == state).toList();
    }

    /** Resolved migrations not applied yet. */
    public List<MigrationStatus> pending() {
        return inState(MigrationState.PENDING);
    }

    /** Migrations recorded as applied (including baseline, changed and missing ones). */
    public List<MigrationStatus> applied() {
        return migrations.stream().filter(m -> m.state().isApplied()).toList();
    }

    /** Migrations recorded as failed. */
    public List<MigrationStatus> failed() {
        return inState(MigrationState.FAILED);
    }

    /** Applied migrations no resolved class matches. */
    public List<MigrationStatus> missing() {
        return inState(MigrationState.MISSING);
    }

    /** Applied migrations whose class changed since. */
    public List<MigrationStatus> checksumMismatched() {
        return inState(MigrationState.CHECKSUM_MISMATCH);
    }

    /** The status of one version, if known. */
    public Optional<MigrationStatus> status(MigrationVersion version) {
        return migrations.stream().filter(m -> m.version().equals(version)).findFirst();
    }

    /** Whether {@link Migrations#validate()} would pass. */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /** A plain-text table of all migrations, Flyway style. The engine never prints it; you may. */
    public String toTable() {
        String[] head = {"Version", "Description", "Type", "Checksum", "State", "Installed on", "Installed by", "Execution time"};
        List<String[]> rows = migrations.stream().map(m -> new String[] {
                m.version().toString(), m.description(), m.type().name(),
                checksumCell(m), m.state().name(),
                m.installedAt() == null ? "" : m.installedAt().toString(),
                m.installedBy() == null ? "" : m.installedBy(),
                m.duration() == null ? "" : m.duration().toMillis() + " ms"})
                .toList();
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            width[i] = head[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, head, width);
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append('+').append("-".repeat(w + 2));
        }
        String line = rule.append("+\n").toString();
        sb.insert(0, line).append(line);
        for (String[] r : rows) {
            appendRow(sb, r, width);
        }
        sb.append(line);
        sb.append("Current version: ").append(currentVersion == null ? "<none>" : currentVersion);
        if (lock != null) {
            sb.append("; lock held by ").append(lock.owner()).append(" until ").append(lock.expiresAt());
        }
        return sb.toString();
    }

    private static String checksumCell(MigrationStatus m) {
        String resolved = m.resolvedChecksum();
        String applied = m.appliedChecksum();
        if (m.state() == MigrationState.CHECKSUM_MISMATCH) {
            return applied + " -> " + resolved;
        }
        String shown = resolved != null && !resolved.isEmpty() ? resolved : applied != null && !applied.isEmpty() ? applied : "";
        return shown.isEmpty() && m.type() == MigrationStatus.Type.JAVA ? "(none)" : shown;
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            sb.append("| ").append(cells[i]).append(" ".repeat(width[i] - cells[i].length() + 1));
        }
        sb.append("|\n");
    }
}
