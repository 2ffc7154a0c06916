package dev.stratum.api.migration;

import org.jspecify.annotations.Nullable;

/**
 * One versioned change to a store's data or structure, written in Java. Prefer the engine's portable
 * {@code StepMigration} (module {@code stratum-migrations}) where its steps can say it: it runs on every
 * store, resumes from checkpoints, and its checksum describes what it does. A code migration:
 *
 * <pre>{@code
 * public final class V3__Add_user_role implements Migration {
 *     public void up(MigrationContext ctx) {
 *         ctx.nativeClient(MongoDatabase.class).getCollection("users")
 *            .updateMany(Filters.eq("role", null), Updates.set("role", "user"));   // null or absent
 *     }
 *     public void down(MigrationContext ctx) {
 *         ctx.nativeClient(MongoDatabase.class).getCollection("users").updateMany(new Document(), Updates.unset("role"));
 *     }
 *     public boolean reversible() { return true; }
 * }
 * }</pre>
 *
 * <p>By default the version and description come from a class name like {@code V3__Add_user_role}.
 * A code migration has no checksum unless it declares one ({@link #checksum()}): class bytes depend
 * on the compiler, so they are not used. Make {@code up} idempotent: a failed run is repaired and
 * re-run, and a run whose runner died is run again by the runner that takes the lock over.
 */
public interface Migration {

    /** The version; by default parsed from the class name ({@code V2_1__...} is 2.1). */
    default MigrationVersion version() {
        return MigrationVersion.fromClassName(getClass().getSimpleName());
    }

    /** A human description; by default from the class name. */
    default String description() {
        return MigrationVersion.descriptionFromClassName(getClass().getSimpleName());
    }

    /** Applies the change. Throwing marks the migration failed and stops the run. */
    void up(MigrationContext context) throws Exception;

    /** Reverts the change; only called when {@link #reversible()} is true. */
    default void down(MigrationContext context) throws Exception {
        throw new UnsupportedOperationException("migration " + version() + " has no down()");
    }

    /** Whether {@link #down} is implemented. */
    default boolean reversible() {
        return false;
    }

    /**
     * A checksum of what this migration does, which its author bumps when the behaviour changes (e.g.
     * {@code "2"}); null (the default) for none: then an edit of an applied migration is not detected.
     */
    default @Nullable String checksum() {
        return null;
    }
}
