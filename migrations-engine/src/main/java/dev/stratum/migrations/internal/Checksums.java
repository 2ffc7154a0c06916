package dev.stratum.migrations.internal;

import dev.stratum.api.migration.Migration;
import java.util.regex.Pattern;

/**
 * Checksums of migrations. A {@link dev.stratum.migrations.StepMigration}'s is computed from its steps'
 * canonical form; a code migration has the one its author declares ({@link Migration#checksum()}), or
 * none ({@link #NONE}): its class bytes depend on the compiler ({@code -parameters}, {@code --release},
 * {@code -g}, javac or ECJ, the JDK), so they say nothing reliable about what the migration does.
 */
public final class Checksums {
    /** The checksum of a code migration that declares none: never compared. */
    public static final String NONE = "";
    /** What engines before 0.2 recorded for code migrations: 16 hex digits of a hash of the class bytes. */
    private static final Pattern LEGACY_BYTECODE = Pattern.compile("[0-9a-f]{16}");

    private Checksums() {}

    /** The checksum of a migration: declared (steps or author), else {@link #NONE}. */
    public static String of(Migration migration) {
        String declared = migration.checksum();
        return declared == null ? NONE : declared;
    }

    /**
     * Whether a recorded checksum still matches the resolved one. A migration without a checksum
     * matches anything; a bytecode checksum recorded by an earlier engine is not compared either
     * (it depended on the toolchain), so an upgrade never blocks start-up; {@code repair()} replaces it.
     */
    public static boolean matches(String resolved, String recorded) {
        return resolved.equals(recorded) || resolved.equals(NONE) || isLegacyBytecode(recorded);
    }

    /** Whether {@code recorded} looks like a bytecode checksum of an earlier engine. */
    public static boolean isLegacyBytecode(String recorded) {
        return LEGACY_BYTECODE.matcher(recorded).matches();
    }
}
