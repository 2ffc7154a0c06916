package dev.stratum.testkit;

import static dev.stratum.api.Filter.and;
import static dev.stratum.api.Filter.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.internal.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code findFirst}, {@code exists}, {@code count}, and projections to DTOs that cannot be written back. */
abstract class ProjectionGroup extends KitGroup {

    /** A projection of Task. */
    public record TaskTitle(String id, String title, int priority) {}

    /** A projection without the id. */
    public record TitleOnly(String title) {}

    /** A projection with a nested path: {@code location.region}. */
    public record AssetRegion(String hostname, Region location) {}

    /** The projected part of {@code Asset.location}. */
    public record Region(String region) {}

    /** Names a field Task does not have. */
    public record Wrong(String id, String owner) {}

    @Test
    void findFirstExistsAndCount() {
        seedTasks();
        assertThat(tasks().findFirst(Query.all().sortBy(Sort.desc("priority"))).map(Task::id)).contains("t4");
        assertThat(tasks().findFirst(Query.where(eq("status", Task.Status.OPEN)).sortBy(Sort.asc("priority"))).map(Task::id)).contains("t1");
        assertThat(tasks().findFirst(Query.where(eq("priority", 42)))).isEmpty();
        assertThat(tasks().exists(Query.where(eq("status", Task.Status.DONE)))).isTrue();
        assertThat(tasks().exists(Query.where(and(eq("status", Task.Status.DONE), eq("priority", 1))))).isFalse();
        assertThat(tasks().count(Query.where(eq("status", Task.Status.OPEN)))).isEqualTo(3);
    }

    @Test
    void findStreamAndPageMapToTheProjectionType() {
        seedTasks();
        Query open = Query.where(eq("status", Task.Status.OPEN)).sortBy(Sort.asc("priority"));
        assertThat(tasks().find(open, TaskTitle.class)).containsExactly(
                new TaskTitle("t1", "Write docs", 1), new TaskTitle("t3", "Plan sprint", 3), new TaskTitle("t6", "Deploy release", 5));
        assertThat(tasks().find(open, TitleOnly.class)).containsExactly(
                new TitleOnly("Write docs"), new TitleOnly("Plan sprint"), new TitleOnly("Deploy release"));
        try (Stream<TaskTitle> s = tasks().stream(open, TaskTitle.class)) {
            assertThat(s.map(TaskTitle::id)).containsExactly("t1", "t3", "t6");
        }
        List<TaskTitle> walked = new ArrayList<>();
        Page<TaskTitle> p = tasks().page(Query.all().sortBy(Sort.asc("priority")), PageRequest.first(4), TaskTitle.class);
        walked.addAll(p.items());
        assertThat(p.next()).isPresent();
        p = tasks().page(Query.all().sortBy(Sort.asc("priority")), p.next().get(), TaskTitle.class);
        walked.addAll(p.items());
        assertThat(p.next()).isEmpty();
        assertThat(walked).extracting(TaskTitle::id).containsExactly("t1", "t5", "t3", "t2", "t6", "t4");
    }

    @Test
    void nestedPathsProject() {
        seedAssets();
        assertThat(assets().find(Query.where(eq("id", 1L)), AssetRegion.class)).containsExactly(new AssetRegion("web-01", new Region("eu-west")));
    }

    @Test
    void entityTypedReadsRefuseAProjectedQuery() {
        seedTasks();
        Query projected = Query.all().project("title");
        assertThatThrownBy(() -> tasks().find(projected)).isInstanceOf(InvalidQueryException.class).hasMessageContaining("projection type");
        assertThatThrownBy(() -> tasks().stream(projected)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> tasks().page(projected, PageRequest.first(2))).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> tasks().findFirst(projected)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> tasks().find(Query.all(), Task.class)).as("the entity is no projection type")
                .isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> tasks().find(Query.all(), Wrong.class)).isInstanceOf(InvalidQueryException.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> tasks().find(projected, TaskTitle.class)).as("the type names the fields").isInstanceOf(InvalidQueryException.class);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void noProjectionCanBeWrittenBack() {
        seedTasks();
        Snapshot<Task> before = Snapshot.of(tasks());
        TaskTitle partial = tasks().find(Query.where(eq("id", "t2")), TaskTitle.class).get(0);
        Repository raw = tasks(); // only an unchecked cast gets a projection to a write method
        assertThatThrownBy(() -> raw.save(partial)).isInstanceOf(InvalidEntityException.class);
        assertThatThrownBy(() -> raw.update(partial)).isInstanceOf(InvalidEntityException.class);
        assertThatThrownBy(() -> raw.insert(partial)).isInstanceOf(InvalidEntityException.class);
        assertThatThrownBy(() -> raw.delete(partial)).isInstanceOf(InvalidEntityException.class);
        assertThat(raw.saveAll(List.of(partial)).failures()).hasSize(1);
        before.assertUnchanged();
    }
}
