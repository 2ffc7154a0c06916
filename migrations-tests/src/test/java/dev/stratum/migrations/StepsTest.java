package dev.stratum.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Filter;
import dev.stratum.api.Update;
import dev.stratum.testkit.memory.InMemoryStore;
import dev.stratum.testkit.migration.BackfillItem;
import dev.stratum.testkit.migration.StepsUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step definitions: canonical forms, derived undo, checksums, and bad input refused with a named problem. */
class StepsTest {

    @Test
    void canonicalFormsAreTypedAndStable() {
        assertThat(Step.addField(StepsUser.class, "role", "user").canonical()).isEqualTo("addField(stratum_steps_users, role, \"user\")");
        assertThat(Step.setWhere(BackfillItem.class, Filter.eq("state", "old"), Update.set("state", "new").inc("migrations", 1)).canonical())
                .isEqualTo("setWhere(stratum_steps_backfill, Eq(field=\"state\", value=\"old\"), Update[Operation(kind=Kind.SET, path=\"state\","
                        + " value=\"new\"), Operation(kind=Kind.INC, path=\"migrations\", value=Integer:1)])");
        assertThat(Step.addField(BackfillItem.class, "migrations", 1).canonical()).as("typed: 1 is not \"1\"")
                .isNotEqualTo(Step.addField(BackfillItem.class, "legacyName", "1").canonical().replace("legacyName", "migrations"));
        assertThat(Step.setWhere(BackfillItem.class, Filter.eq("state", Map.of("b", 1, "a", 2)), Update.unsetting("name")).canonical())
                .as("map keys sorted").contains("{\"a\": Integer:2, \"b\": Integer:1}");
    }

    @Test
    void undoIsDerivedForInvertibleStepsOnly() {
        StepMigration add = StepMigration.of("1", "a", Step.addField(StepsUser.class, "role", "user"),
                Step.renameField(BackfillItem.class, "legacyName", "name"));
        assertThat(add.reversible()).isTrue();
        assertThat(add.undoSteps()).get().asList().containsExactly(Step.renameField(BackfillItem.class, "name", "legacyName"),
                Step.setWhere(StepsUser.class, Filter.eq("role", "user"), Update.unsetting("role")));
        assertThat(StepMigration.of("2", "b", Step.removeField(BackfillItem.class, "name")).reversible()).isFalse();
    }

    @Test
    void checksumChangesExactlyWhenAStepChanges() {
        String one = StepMigration.of("1", "a", Step.addField(StepsUser.class, "role", "user")).checksum();
        assertThat(StepMigration.of("1", "renamed description", Step.addField(StepsUser.class, "role", "user")).checksum()).isEqualTo(one);
        assertThat(StepMigration.of("1", "a", Step.addField(StepsUser.class, "role", "member")).checksum()).isNotEqualTo(one);
        assertThat(one).matches("steps:[0-9a-f]{16}");
    }

    /** A copy target of the kit's backfill items. */
    @dev.stratum.api.Entity("backfill_archive")
    public record ArchivedItem(@dev.stratum.api.Id String id, String state, int migrations, @org.jspecify.annotations.Nullable String name) {}

    @Test
    void copySavesEveryEntityUnderItsIdAndResumesIdempotently() {
        InMemoryStore store = InMemoryStore.create();
        List<BackfillItem> seed = java.util.stream.IntStream.range(0, 1234)
                .mapToObj(i -> new BackfillItem(String.format("i%04d", i), "old", i, null, "n" + i)).toList();
        store.repository(BackfillItem.class).saveAll(seed).throwIfFailed();
        Migrations engine = Migrations.builder().target(store)
                .migrations(StepMigration.of("1", "Archive items", Step.copy(BackfillItem.class, ArchivedItem.class))).build();
        assertThat(engine.plan().estimates().get(dev.stratum.api.migration.MigrationVersion.parse("1"))).singleElement()
                .satisfies(e -> assertThat(e.documents()).isEqualTo(1234));
        engine.migrate();
        dev.stratum.api.Repository<ArchivedItem, String> archive = store.repository(ArchivedItem.class);
        assertThat(archive.count(dev.stratum.api.Query.all())).isEqualTo(1234);
        assertThat(archive.findById("i0042")).contains(new ArchivedItem("i0042", "old", 42, "n42"));
        // a repeated copy (as after a takeover) saves the same entities again: same content, same count
        StepMigration.of("1", "Archive items", Step.copy(BackfillItem.class, ArchivedItem.class)).up(new dev.stratum.api.migration.MigrationContext() {
            @Override
            public dev.stratum.api.Store store() {
                return store;
            }

            @Override
            public dev.stratum.api.migration.MigrationVersion version() {
                return dev.stratum.api.migration.MigrationVersion.parse("1");
            }

            @Override
            public void checkLease() {}
        });
        assertThat(archive.count(dev.stratum.api.Query.all())).isEqualTo(1234);
    }

    @Test
    void badStepsAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> Step.addField(StepsUser.class, "rolle", "user")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StepsUser has no property 'rolle'").hasMessageContaining("role");
        assertThatThrownBy(() -> Step.removeField(StepsUser.class, "id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id' is StepsUser's id or version");
        assertThatThrownBy(() -> Step.addField(StepsUser.class, "role", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the value must not be null");
        assertThatThrownBy(() -> Step.renameField(BackfillItem.class, "name", "name")).hasMessageContaining("the names are equal");
        assertThatThrownBy(() -> StepMigration.of("1", "none")).hasMessageContaining("declares no steps");
        assertThat(List.of()).isEmpty();
    }
}
