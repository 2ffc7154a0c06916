package dev.stratum.migrations.internal;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationException;
import dev.stratum.api.migration.MigrationVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the configured and scanned migrations into one list ordered by version, without duplicates. */
public final class MigrationResolver {

    private MigrationResolver() {}

    /**
     * Resolves the migrations.
     *
     * @throws MigrationException if a version cannot be read or two migrations share a version
     */
    public static List<ResolvedMigration> resolve(Collection<? extends Migration> explicit, Collection<String> packages, ClassLoader loader) {
        List<Migration> all = new ArrayList<>(explicit);
        for (String p : packages) {
            all.addAll(ClasspathScanner.scan(p, loader));
        }
        Map<MigrationVersion, ResolvedMigration> byVersion = new TreeMap<>();
        for (Migration m : all) {
            ResolvedMigration r = resolveOne(m);
            ResolvedMigration clash = byVersion.putIfAbsent(r.version(), r);
            if (clash != null && !sameMigration(clash, r)) {
                throw new MigrationException("two migrations have version " + r.version() + ": " + describe(clash) + " and " + describe(r)
                        + "; every migration needs its own version");
            }
        }
        return List.copyOf(byVersion.values());
    }

    /** The same class given explicitly and found by a scan counts once. */
    private static boolean sameMigration(ResolvedMigration a, ResolvedMigration b) {
        return a.migration().getClass() == b.migration().getClass() && a.description().equals(b.description()) && a.checksum().equals(b.checksum());
    }

    private static ResolvedMigration resolveOne(Migration m) {
        MigrationVersion version;
        String description;
        try {
            version = m.version();
            description = m.description();
        } catch (IllegalArgumentException e) {
            throw new MigrationException("migration " + m.getClass().getName() + " has no valid version: " + e.getMessage(), e);
        }
        return new ResolvedMigration(version, description, Checksums.of(m), m);
    }

    private static String describe(ResolvedMigration r) {
        return r.className() + " (" + r.description() + ")";
    }
}
