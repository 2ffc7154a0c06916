package dev.stratum.testkit.migration;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.api.migration.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * A migration assembled from lambdas, with an explicit version and checksum, for tests that need
 * many small migrations (one class, many versions).
 *
 * <pre>{@code
 * TestMigration.of("2", "Add tags", ctx -> ...).withDown(ctx -> ...).withChecksum("v2-b");
 * }</pre>
 */
public final class TestMigration implements Migration {
    /** A migration body that may throw. */
    @FunctionalInterface
    public interface Body {
        void run(MigrationContext context) throws Exception;
    }

    private final MigrationVersion version;
    private final String description;
    private final Body up;
    private final @Nullable Body down;
    private final String checksum;

    private TestMigration(MigrationVersion version, String description, Body up, @Nullable Body down, String checksum) {
        this.version = version;
        this.description = description;
        this.up = up;
        this.down = down;
        this.checksum = checksum;
    }

    /** An irreversible migration whose checksum is {@code "test-" + version}. */
    public static TestMigration of(String version, String description, Body up) {
        return new TestMigration(MigrationVersion.parse(version), description, up, null, "test-" + version);
    }

    /** The same migration with a {@code down}. */
    public TestMigration withDown(Body down) {
        return new TestMigration(version, description, up, down, checksum);
    }

    /** The same migration with another checksum (as if its code had changed). */
    public TestMigration withChecksum(String checksum) {
        return new TestMigration(version, description, up, down, checksum);
    }

    /** The same migration with another {@code up}. */
    public TestMigration withUp(Body up) {
        return new TestMigration(version, description, up, down, checksum);
    }

    @Override
    public MigrationVersion version() {
        return version;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void up(MigrationContext context) throws Exception {
        up.run(context);
    }

    @Override
    public void down(MigrationContext context) throws Exception {
        if (down == null) {
            Migration.super.down(context);
        } else {
            down.run(context);
        }
    }

    @Override
    public boolean reversible() {
        return down != null;
    }

    @Override
    public String checksum() {
        return checksum;
    }

    @Override
    public String toString() {
        return "TestMigration[" + version + " " + description + "]";
    }
}
