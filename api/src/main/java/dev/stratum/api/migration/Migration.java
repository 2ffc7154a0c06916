package dev.stratum.api.migration;

import org.jspecify.annotations.Nullable;

/**
 * One versioned change to a store's data or structure, written in Java.
 *
 * <pre>{@code
 * public final class V3__Add_user_role implements Migration {
 *     public void up(MigrationContext ctx) {
 *         ctx.nativeClient(MongoDatabase.class).getCollection("users")
 *            .updateMany(Filters.exists("role", false), Updates.set("role", "user"));
 *     }
 *     public void down(MigrationContext ctx) {
 *         ctx.nativeClient(MongoDatabase.class).getCollection("users").updateMany(new Document(), Updates.unset("role"));
 *     }
 *     public boolean reversible() { return true; }
 * }
 * }</pre>
 *
 * <p>By default the version and description come from a class name like {@code V3__Add_user_role}
 * and the checksum from the class's bytes, so editing an applied migration is detected. Make
 * {@code up} idempotent where you can: a failed run is repaired and re-run.
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

    /** An explicit checksum of this migration's definition, or null to derive it from the class bytes. */
    default @Nullable String checksum() {
        return null;
    }
}
