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

    // ---- createIndex / dropIndex ----------------------------------------------------------------

    private static final dev.stratum.api.IndexDefinition EMAIL = dev.stratum.api.IndexDefinition.builder().field("email").unique().build();

    private static String checksumOf(Step... steps) {
        return StepMigration.of("1", "a", steps).checksum();
    }

    @Test
    void indexStepsHaveACanonicalFormAndDerivedUndo() {
        Step create = Step.createIndex(dev.stratum.testkit.migration.StepsAccount.class, EMAIL);
        assertThat(create.canonical()).isEqualTo("createIndex(stratum_steps_accounts, \"email_1\", [email asc], unique=true, sparse=false, ttlSeconds=0)");
        assertThat(create.inverse()).contains(Step.dropIndex(dev.stratum.testkit.migration.StepsAccount.class, EMAIL));
        assertThat(Step.dropIndex(dev.stratum.testkit.migration.StepsAccount.class, EMAIL).inverse()).contains(create);
        assertThat(Step.dropIndex(dev.stratum.testkit.migration.StepsAccount.class, "email_1").inverse()).as("by name only: not invertible").isEmpty();
        assertThat(Step.dropIndex(dev.stratum.testkit.migration.StepsAccount.class, "email_1").canonical())
                .isEqualTo("dropIndex(stratum_steps_accounts, \"email_1\")");
        StepMigration m = StepMigration.of("1", "a", Step.addField(StepsUser.class, "role", "user"), create);
        assertThat(m.undoSteps()).get().asList().containsExactly(Step.dropIndex(dev.stratum.testkit.migration.StepsAccount.class, EMAIL),
                Step.setWhere(StepsUser.class, Filter.eq("role", "user"), Update.unsetting("role")));
    }

    @Test
    void indexChecksumChangesWithTheDefinitionOnly() {
        Class<?> account = dev.stratum.testkit.migration.StepsAccount.class;
        String base = checksumOf(Step.createIndex(account, EMAIL));
        // the same definition written differently: builder calls in another order, the derived name spelled out
        assertThat(checksumOf(Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().unique().field("email").build()))).isEqualTo(base);
        assertThat(checksumOf(Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().name("email_1").field("email").unique().build())))
                .isEqualTo(base);
        assertThat(checksumOf(Step.createIndex(account, new dev.stratum.api.IndexDefinition("", java.util.List.of(
                new dev.stratum.api.IndexDefinition.Field("email", true)), true, false, false, 0)))).as("the record directly").isEqualTo(base);
        // every change to the definition changes it
        assertThat(java.util.List.of(
                checksumOf(Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().field("email").build())),
                checksumOf(Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().field("email", false).unique().build())),
                checksumOf(Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().field("email").unique().sparse().build())),
                checksumOf(Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().name("by_email").field("email").unique().build())),
                checksumOf(Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().field("email").field("team").unique().build())),
                checksumOf(Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().field("team").field("email").unique().build())),
                checksumOf(Step.dropIndex(account, EMAIL)),
                checksumOf(Step.dropIndex(account, "email_1")))).doesNotContain(base).doesNotHaveDuplicates();
    }

    @Test
    void badIndexStepsAreRefusedNamingTheProblem() {
        Class<?> account = dev.stratum.testkit.migration.StepsAccount.class;
        assertThatThrownBy(() -> Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().field("mail").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mail");
        assertThatThrownBy(() -> Step.createIndex(account, dev.stratum.api.IndexDefinition.builder().field("id").build()))
                .hasMessageContaining("'id' is the id");
        assertThatThrownBy(() -> dev.stratum.api.IndexDefinition.builder().build()).hasMessageContaining("at least one field");
        assertThatThrownBy(() -> dev.stratum.api.IndexDefinition.builder().field("a").field("b").ttlSeconds(5).build())
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> Step.dropIndex(StepsUser.class, "role_1")).as("declared by @Indexed")
                .hasMessageContaining("declares this index");
        assertThatThrownBy(() -> Step.createIndex(account, new dev.stratum.api.IndexDefinition("t", java.util.List.of(
                new dev.stratum.api.IndexDefinition.Field("email", true)), false, false, true, 0))).hasMessageContaining("text indexes");
    }
}
