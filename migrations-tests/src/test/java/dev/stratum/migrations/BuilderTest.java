package dev.stratum.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.api.migration.MigrationException;
import dev.stratum.migrations.scanned.V1__Create_projects;
import dev.stratum.testkit.migration.TestMigration;
import dev.stratum.testkit.memory.InMemoryStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuilderTest {
    final InMemoryStore store = InMemoryStore.create();

    @Test
    void targetIsRequired() {
        assertThatThrownBy(() -> Migrations.builder().build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("target(store)");
    }

    @Test
    void durationsAreValidated() {
        assertThatThrownBy(() -> Migrations.builder().target(store).leaseTime(Duration.ZERO).build()).hasMessageContaining("leaseTime must be positive");
        assertThatThrownBy(() -> Migrations.builder().target(store).leaseTime(Duration.ofSeconds(1)).heartbeatInterval(Duration.ofSeconds(1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("heartbeatInterval (PT1S) must be shorter than leaseTime");
        assertThatThrownBy(() -> Migrations.builder().target(store).pollInterval(Duration.ofMillis(-1)).build()).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> Migrations.builder().target(store).lockWaitTimeout(Duration.ofMillis(-1)).build()).hasMessageContaining("lockWaitTimeout");
        assertThatThrownBy(() -> Migrations.builder().target(store).owner(" ").build()).hasMessageContaining("owner");
        assertThatThrownBy(() -> Migrations.builder().target(store).scan("")).hasMessageContaining("package name");
    }

    @Test
    void defaultOwnerIsUniquePerEngine() {
        Migrations a = Migrations.builder().target(store).build();
        Migrations b = Migrations.builder().target(store).build();
        assertThat(a.owner()).isNotEqualTo(b.owner()).contains("/" + ProcessHandle.current().pid() + "/");
    }

    @Test
    void twoMigrationsWithOneVersionAreRefused() {
        assertThatThrownBy(() -> Migrations.builder().target(store)
                .migrations(TestMigration.of("2", "one", ctx -> {}), TestMigration.of("2.0", "other", ctx -> {})).build())
                .isInstanceOf(MigrationException.class).hasMessageContaining("two migrations have version 2");
    }

    @Test
    void aClassGivenExplicitlyAndScannedCountsOnce() {
        Migrations m = Migrations.builder().target(store).migrations(new V1__Create_projects()).scan("dev.stratum.migrations.scanned").build();
        assertThat(m.migrations()).extracting(s -> s.version().toString()).containsExactly("1", "2.1", "3", "4", "5");
    }

    /** No version in the name, none declared. */
    static final class BadlyNamed implements Migration {
        @Override
        public void up(MigrationContext context) {}
    }

    @Test
    void aClassWithoutVersionIsRefusedWithItsName() {
        assertThatThrownBy(() -> Migrations.builder().target(store).migrations(new BadlyNamed()).build()).isInstanceOf(MigrationException.class)
                .hasMessageContaining(BadlyNamed.class.getName()).hasMessageContaining("V2_1__Add_task_tags");
    }

    @Test
    void migrationsListsVersionsAndChecksums() {
        Migrations m = Migrations.builder().target(store).migrations(TestMigration.of("1", "a", ctx -> {})).build();
        assertThat(m.migrations()).singleElement().isEqualTo(
                new MigrationStep(dev.stratum.api.migration.MigrationVersion.parse("1"), "a", "test-1", MigrationStep.Direction.UP));
        assertThat(m.toString()).contains("memory", "[1]");
    }
}
