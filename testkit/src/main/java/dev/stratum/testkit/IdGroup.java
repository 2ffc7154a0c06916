package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Query;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.Metric;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.internal.KitData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** String ids (assigned when null), UUID ids, long ids; {@code findAllById} and {@code existsById}. */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class IdGroup extends KitGroup {

    @Test
    void aNullStringIdIsAssignedUniquelyAndReturned() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Task t = tasks().insert(Task.create("assigned " + i, Task.Status.OPEN, 1));
            assertThat(t.id()).isNotBlank();
            assertThat(ids.add(t.id())).as("id %s assigned twice", t.id()).isTrue();
            assertThat(tasks().findById(t.id())).contains(t);
        }
        Task saved = tasks().save(Task.create("assigned by save", Task.Status.OPEN, 1));
        assertThat(saved.id()).isNotBlank();
        assertThat(tasks().existsById(saved.id())).isTrue();
        assertThat(tasks().count(Query.all())).isEqualTo(51);
    }

    @Test
    void suppliedStringIdsAreKeptVerbatim() {
        List<String> awkward = List.of("a/b/c", "with space", "ünï-🙂", "dots.in.id", "$dollar", "__reserved__", "UPPER", "upper",
                "-1", "0", "x".repeat(200), "quote\"back\\slash", "tab\tid", "colon:separated:id", "curly{brace}", "*glob?[x]");
        for (String id : awkward) {
            tasks().insert(Task.create("awkward", Task.Status.OPEN, 1).withId(id));
        }
        for (String id : awkward) {
            assertThat(tasks().findById(id)).as("id '%s'", id).map(Task::id).contains(id);
            assertThat(tasks().existsById(id)).as("id '%s'", id).isTrue();
        }
        assertThat(taskIds(tasks().find(Query.all()))).containsExactlyInAnyOrderElementsOf(awkward);
        assertThat(tasks().findById("a")).isEmpty();
        assertThat(tasks().findById("a/b")).isEmpty();
        assertThat(tasks().deleteById("a/b/c")).isTrue();
        assertThat(tasks().count(Query.all())).isEqualTo(awkward.size() - 1);
    }

    @Test
    void uuidIdsAreAssignedOrKept() {
        Metric assigned = metrics().insert(KitData.metrics(1).get(0));
        assertThat(assigned.id()).isNotNull();
        assertThat(metrics().findById(assigned.id())).contains(assigned);

        UUID mine = UUID.fromString("00000000-0000-0000-0000-000000000001");
        Metric kept = metrics().insert(new Metric(mine, KitData.METRICS_START, "s", null, 1));
        assertThat(kept.id()).isEqualTo(mine);
        assertThat(metrics().findById(mine)).contains(kept);
        assertThat(metrics().existsById(UUID.randomUUID())).isFalse();
        assertThat(metrics().findAllById(List.of(mine, assigned.id()))).containsExactly(kept, assigned);
    }

    @Test
    void longIdsAcrossTheirRange() {
        List<Long> ids = List.of(0L, 1L, -7L, 4_294_967_296L, Long.MAX_VALUE, Long.MIN_VALUE);
        for (Long id : ids) {
            assets().insert(new Asset(id, "host-" + id, Asset.Kind.VM, null, Map.of()));
        }
        for (Long id : ids) {
            assertThat(assets().findById(id)).as("id %d", id).map(Asset::hostname).contains("host-" + id);
        }
        assertThat(assetIds(assets().find(Query.all()))).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(assets().existsById(2L)).isFalse();
        assertThat(assets().findById(Long.MAX_VALUE - 1)).isEmpty();
    }

    @Test
    void findAllByIdKeepsTheOrderOfTheIdsSkipsMissingOnesAndCollapsesDuplicates() {
        List<Task> stored = seedTasks();
        List<Task> found = tasks().findAllById(List.of("t5", "missing", "t1", "t5", "t3", "also-missing"));
        assertThat(taskIds(found)).containsExactly("t5", "t1", "t3");
        assertThat(found.get(0)).isEqualTo(stored.get(4));
        assertThat(tasks().findAllById(List.of())).isEmpty();
        assertThat(tasks().findAllById(List.of("missing"))).isEmpty();

        seedAssets();
        assertThat(assetIds(assets().findAllById(List.of(4L, 99L, 2L)))).containsExactly(4L, 2L);
    }

    @Test
    void findAllByIdOfManyIds() {
        List<Task> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(Task.create("many " + i, Task.Status.OPEN, 1));
        }
        // one saveAll rather than 300 inserts: what is checked is the read of many ids (ids assigned by the store either way)
        List<String> ids = taskIds(tasks().saveAll(many).throwIfFailed().saved());
        assertThat(new HashSet<>(ids)).as("300 distinct assigned ids").hasSize(300);
        List<String> wanted = new ArrayList<>(ids.subList(100, 250));
        Collections.reverse(wanted);
        assertThat(taskIds(tasks().findAllById(wanted))).containsExactlyElementsOf(wanted);
    }

    @Test
    void existsById() {
        seedTasks();
        assertThat(tasks().existsById("t1")).isTrue();
        assertThat(tasks().existsById("t7")).isFalse();
        assertThat(tasks().existsById("T1")).as("ids are case-sensitive").isFalse();
        tasks().deleteById("t1");
        assertThat(tasks().existsById("t1")).isFalse();
    }
}
