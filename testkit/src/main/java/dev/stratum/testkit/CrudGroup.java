package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityNotFoundException;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.internal.KitData;
import dev.stratum.testkit.internal.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Insert, find, save, update, delete; the repository's self-description. */
abstract class CrudGroup extends KitGroup {

    /** A type no repository can be unwrapped to. */
    private interface NotANativeClient {}

    @Test
    void insertedEntityIsFoundById() {
        Task stored = tasks().insert(KitData.tasks().get(1));
        assertThat(stored.id()).isEqualTo("t2");
        assertThat(tasks().findById("t2")).contains(stored);
        assertThat(tasks().count(Query.all())).isEqualTo(1);
    }

    @Test
    void insertOfAnExistingIdThrowsDuplicateKeyAndKeepsTheStoredEntity() {
        Task first = tasks().insert(Task.create("first", Task.Status.OPEN, 1).withId("dup"));
        Snapshot<Task> before = Snapshot.of(tasks());

        assertThatThrownBy(() -> tasks().insert(Task.create("second", Task.Status.DONE, 9).withId("dup")))
                .isInstanceOf(DuplicateKeyException.class);

        before.assertUnchanged();
        assertThat(tasks().findById("dup")).contains(first);
    }

    @Test
    void insertOfAnExistingLongIdThrowsDuplicateKey() {
        assets().insert(KitData.assets().get(0));
        Snapshot<Asset> before = Snapshot.of(assets());
        assertThatThrownBy(() -> assets().insert(KitData.assets().get(1).withId(1L))).isInstanceOf(DuplicateKeyException.class);
        before.assertUnchanged();
    }

    @Test
    void findByIdOfAMissingIdIsEmpty() {
        seedTasks();
        assertThat(tasks().findById("nope")).isEmpty();
        assertThat(assets().findById(42L)).isEmpty();
    }

    @Test
    void saveCreatesThenReplacesAnUnversionedPojo() {
        User ann = KitData.users().get(0);
        User created = users().save(ann);
        assertThat(users().findById("u1")).contains(created);

        User renamed = created.copy();
        renamed.setName("Ann Smith");
        renamed.setActive(false);
        User replaced = users().save(renamed);

        assertThat(users().count(Query.all())).isEqualTo(1);
        User found = users().findById("u1").orElseThrow();
        assertThat(found).isEqualTo(replaced);
        assertThat(found.getName()).isEqualTo("Ann Smith");
        assertThat(found.isActive()).isFalse();
    }

    @Test
    void saveCreatesThenReplacesAnUnversionedRecordWithLongId() {
        Asset a = KitData.assets().get(0);
        assets().save(a);
        Asset changed = new Asset(a.id(), "web-01-renamed", Asset.Kind.VM, a.location(), Map.of("cpu", 0.1));
        assets().save(changed);
        assertThat(assets().find(Query.all())).containsExactly(changed);
    }

    @Test
    void updateReplacesAnExistingEntity() {
        User ann = users().insert(KitData.users().get(0));
        ann.setRole(User.Role.GUEST);
        users().update(ann);
        assertThat(users().findById("u1").orElseThrow().getRole()).isEqualTo(User.Role.GUEST);
    }

    @Test
    void updateOfAMissingUnversionedEntityThrowsEntityNotFoundAndCreatesNothing() {
        assertThatThrownBy(() -> users().update(KitData.users().get(0))).isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> assets().update(KitData.assets().get(0))).isInstanceOf(EntityNotFoundException.class);
        assertThat(users().count(Query.all())).isZero();
        assertThat(assets().count(Query.all())).isZero();
    }

    @Test
    void deleteOfAnEntityDeletesItOnce() {
        List<Task> stored = seedTasks();
        Task t3 = stored.get(2);
        assertThat(tasks().delete(t3)).isTrue();
        assertThat(tasks().findById("t3")).isEmpty();
        assertThat(tasks().existsById("t3")).isFalse();
        assertThat(tasks().delete(t3)).as("second delete").isFalse();
        assertThat(tasks().count(Query.all())).isEqualTo(5);
    }

    @Test
    void deleteByIdDeletesItOnce() {
        seedAssets();
        assertThat(assets().deleteById(3L)).isTrue();
        assertThat(assets().deleteById(3L)).isFalse();
        assertThat(assets().deleteById(99L)).isFalse();
        assertThat(assetIds(assets().find(Query.all()))).containsExactlyInAnyOrder(1L, 2L, 4L, 5L);
    }

    @Test
    void deleteAllOfEverythingEmptiesTheCollectionAndCounts() {
        seedTasks();
        assertThat(tasks().deleteAll(Query.all())).isEqualTo(6);
        assertThat(tasks().count(Query.all())).isZero();
        assertThat(tasks().find(Query.all())).isEmpty();
        assertThat(tasks().deleteAll(Query.all())).isZero();
    }

    @Test
    void deleteAllOfAQueryDeletesOnlyTheMatches() {
        seedTasks();
        assertThat(tasks().deleteAll(Query.where(Filter.eq("status", Task.Status.OPEN)))).isEqualTo(3);
        assertThat(taskIds(tasks().find(Query.all()))).containsExactlyInAnyOrder("t2", "t4", "t5");
    }

    @Test
    void collectionsAreIndependent() {
        seedTasks();
        seedUsers();
        tasks().deleteAll(Query.all());
        assertThat(users().count(Query.all())).isEqualTo(4);
    }

    @Test
    void metadataCapabilitiesAndStoreInfoDescribeTheRepository() {
        assertThat(tasks().metadata().type()).isEqualTo(Task.class);
        assertThat(tasks().metadata().collection()).isEqualTo("kit_tasks");
        assertThat(users().metadata().idProperty()).isEqualTo("id");
        assertThat(tasks().storeInfo().system()).as("storeInfo().system() is capabilities().store()").isEqualTo(store());
        assertThat(users().capabilities()).isEqualTo(tasks().capabilities());
        assertThat(capabilities().maxDocumentBytes()).isPositive();
        assertThat(tasks().storeInfo().toString()).doesNotContainIgnoringCase("password");
    }

    @Test
    void unwrapToAnUnrelatedTypeThrowsIllegalArgument() {
        assertThatThrownBy(() -> tasks().unwrap(NotANativeClient.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
