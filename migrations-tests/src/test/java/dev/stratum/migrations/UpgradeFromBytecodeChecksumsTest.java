package dev.stratum.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargets;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.testkit.memory.InMemoryStore;
import dev.stratum.testkit.migration.V2__Add_task_tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A store migrated by the previous engine holds bytecode checksums (16 hex digits of a hash of the
 * class file). After the upgrade, code migrations have no checksum and step migrations a
 * {@code steps:} one: the old records must not block start-up.
 */
class UpgradeFromBytecodeChecksumsTest {
    final InMemoryStore store = InMemoryStore.create();
    final List<String> ran = new ArrayList<>();

    /** A code migration as the previous engine ran it (version 1). */
    public static final class V1__Seed implements Migration {
        @Override
        public void up(MigrationContext context) {}
    }

    final class V3__Later implements Migration {
        @Override
        public MigrationVersion version() {
            return MigrationVersion.parse("3");
        }

        @Override
        public void up(MigrationContext context) {
            ran.add("3");
        }
    }

    @Test
    void historyWithBytecodeChecksumsDoesNotBlockStartUp() {
        MigrationTarget target = MigrationTargets.of(store);
        Lease lease = target.tryAcquire("old-engine", Duration.ofSeconds(10)).orElseThrow();
        Instant t = Instant.parse("2026-10-01T08:00:00Z");
        target.writeRecord(lease, new MigrationRecord(MigrationVersion.parse("1"), "Seed", "9f86d081884c7d65", "old-engine", t, t,
                Duration.ofMillis(3), MigrationRecord.Outcome.SUCCEEDED, null));
        // version 2 was a code migration then; it is a step migration now
        target.writeRecord(lease, new MigrationRecord(MigrationVersion.parse("2"), "Add task tags", "0a1b2c3d4e5f6a7b", "old-engine", t, t,
                Duration.ofMillis(5), MigrationRecord.Outcome.SUCCEEDED, null));
        target.release(lease);

        Migrations upgraded = Migrations.builder().target(store).migrations(new V1__Seed(), new V2__Add_task_tags(), new V3__Later()).build();
        upgraded.validate();
        assertThat(upgraded.info().status(MigrationVersion.parse("1"))).get().extracting(MigrationStatus::state).isEqualTo(MigrationState.APPLIED);
        assertThat(upgraded.info().status(MigrationVersion.parse("2"))).get().extracting(MigrationStatus::state).isEqualTo(MigrationState.APPLIED);

        MigrationResult result = upgraded.migrate();
        assertThat(result.versions()).extracting(Object::toString).containsExactly("3");
        assertThat(ran).containsExactly("3");

        RepairResult repair = upgraded.repair();
        assertThat(repair.realignedChecksums()).as("repair() replaces the old checksums").containsExactly(MigrationVersion.parse("1"),
                MigrationVersion.parse("2"));
        assertThat(target.history()).extracting(MigrationRecord::checksum).containsExactly("", new V2__Add_task_tags().checksum(), "");
    }
}
