package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.BulkResult;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Query;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.internal.KitData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code saveAll}: native batches, each entity succeeding or failing on its own, failures reported with their index. */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class BulkGroup extends KitGroup {

    private static List<Integer> failedIndexes(BulkResult<?> r) {
        return r.failures().stream().map(BulkResult.Failure::index).toList();
    }

    @Test
    void saveAllWritesEveryGoodEntityAndReturnsThemInInputOrder() {
        List<Task> input = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            input.add(Task.create("bulk " + i, Task.Status.OPEN, i % 7).withId(i % 2 == 0 ? "b" + i : null));
        }
        BulkResult<Task> r = tasks().saveAll(input);
        assertThat(r.failures()).isEmpty();
        assertThat(r.hasFailures()).isFalse();
        assertThat(r.saved()).hasSize(1_000);
        for (int i = 0; i < 1_000; i++) {
            Task saved = r.saved().get(i);
            assertThat(saved.title()).isEqualTo("bulk " + i);
            assertThat(saved.id()).isNotBlank();
            assertThat(saved.version()).isEqualTo(1);
            assertThat(saved.createdAt()).isNotNull();
        }
        assertThat(tasks().count(Query.all())).isEqualTo(1_000);
        assertThat(tasks().findById("b998").orElseThrow().title()).isEqualTo("bulk 998");
        Task assigned = r.saved().get(1);
        assertThat(tasks().findById(assigned.id())).contains(assigned);
    }

    @Test
    void saveAllOfNothingIsEmpty() {
        BulkResult<Task> r = tasks().saveAll(List.of());
        assertThat(r.saved()).isEmpty();
        assertThat(r.failures()).isEmpty();
    }

    @Test
    void badEntitiesAreReportedByIndexAndTheGoodOnesKept() {
        Task existing = tasks().insert(Task.create("existing", Task.Status.OPEN, 1).withId("x1"));
        Task current = tasks().update(tasks().insert(Task.create("current", Task.Status.OPEN, 1).withId("x2")).withPriority(2));

        List<Task> batch = List.of(
                Task.create("good 0", Task.Status.OPEN, 1).withId("g0"),                          // 0 ok
                Task.create("duplicate new", Task.Status.OPEN, 1).withId("x1"),                   // 1 new (version 0) but exists
                Task.create("good 2", Task.Status.OPEN, 1),                                       // 2 ok, id assigned
                Task.create("bad key", Task.Status.OPEN, 1).withId("g3").withCustomFields(Map.of("a.b", "x")), // 3 illegal key
                current.withVersion(1).withTitle("stale"),                                        // 4 stale version
                current.withTitle("fresh update"),                                                // 5 ok: update of x2
                Task.create("bad key 2", Task.Status.OPEN, 1).withId("g6").withCustomFields(Map.of("$set", "x")), // 6 illegal key
                Task.create("good 7", Task.Status.OPEN, 1).withId("g7"));                         // 7 ok

        BulkResult<Task> r = tasks().saveAll(batch);

        assertThat(failedIndexes(r)).containsExactly(1, 3, 4, 6);
        assertThat(r.failures().get(0).error()).isInstanceOf(OptimisticLockException.class);
        assertThat(r.failures().get(1).error()).isInstanceOf(InvalidEntityException.class);
        assertThat(r.failures().get(2).error()).isInstanceOf(OptimisticLockException.class);
        assertThat(r.failures().get(3).error()).isInstanceOf(InvalidEntityException.class);
        assertThat(r.failures()).allSatisfy(f -> assertThat(f.entity()).isEqualTo(batch.get(f.index())));
        assertThat(r.saved()).extracting(Task::title).containsExactly("good 0", "good 2", "fresh update", "good 7");
        assertThat(r.hasFailures()).isTrue();

        assertThat(tasks().findById("x1")).contains(existing);
        assertThat(tasks().findById("x2").orElseThrow().title()).isEqualTo("fresh update");
        assertThat(tasks().findById("x2").orElseThrow().version()).isEqualTo(3);
        assertThat(tasks().existsById("g0")).isTrue();
        assertThat(tasks().existsById("g3")).isFalse();
        assertThat(tasks().existsById("g6")).isFalse();
        assertThat(tasks().existsById("g7")).isTrue();
        assertThat(tasks().count(Query.all())).isEqualTo(5);

        assertThatThrownBy(r::throwIfFailed).isInstanceOf(DataAccessException.class).hasMessageContaining("4 of 8");
    }

    @Test
    void uniqueIndexClashesInABatchAreReportedAndTheRestKept() {
        seedUsers();
        List<User> batch = List.of(
                KitData.user("n1", "New", "new@example.com", User.Role.MEMBER, null),      // 0 ok
                KitData.user("n2", "Ann again", "ann@example.com", User.Role.MEMBER, null), // 1 clashes with u1
                KitData.user("n3", "Other", "other@example.com", User.Role.GUEST, null));   // 2 ok
        BulkResult<User> r = users().saveAll(batch);
        assertThat(failedIndexes(r)).containsExactly(1);
        assertThat(r.failures().get(0).error()).isInstanceOf(DuplicateKeyException.class);
        assertThat(userIds(r.saved())).containsExactly("n1", "n3");
        assertThat(users().existsById("n2")).isFalse();
        assertThat(users().findById("u1").orElseThrow().getName()).isEqualTo("Ann");
        assertThat(users().count(Query.all())).isEqualTo(6);
    }

    @Test
    void aUniqueValueRepeatedWithinOneBatchIsWrittenOnce() {
        List<User> batch = List.of(
                KitData.user("d1", "First", "same@example.com", User.Role.MEMBER, null),
                KitData.user("d2", "Second", "same@example.com", User.Role.MEMBER, null));
        BulkResult<User> r = users().saveAll(batch);
        assertThat(r.saved()).hasSize(1);
        assertThat(r.failures()).hasSize(1);
        assertThat(r.failures().get(0).error()).isInstanceOf(DuplicateKeyException.class);
        assertThat(users().count(Query.all())).isEqualTo(1);
        assertThat(users().find(Query.all()).get(0).getId()).isEqualTo(r.saved().get(0).getId());
    }
}
