package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Filter;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisSmokeTest {
    static RedisStore store = RedisTestStores.newStore();
    Repository<Task, String> tasks = store.repository(Task.class);

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void reset() {
        tasks.deleteAll(Query.all());
    }

    @Test
    void crudAndQueries() {
        List<Task> saved = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Task t = Task.create("t" + i, Task.Status.values()[i % 4], i % 5).withTags(List.of("a" + (i % 3), "b"))
                    .withDueDate(i % 7 == 0 ? null : Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 3600L))
                    .withEstimate(BigDecimal.valueOf(i, 1)).withAssigneeId(i % 2 == 0 ? "u" + (i % 6) : null);
            saved.add(tasks.insert(t));
        }
        Task first = saved.get(0);
        assertThat(tasks.findById(first.id())).get().isEqualTo(first);
        assertThat(tasks.count(Query.all())).isEqualTo(30);
        assertThat(tasks.count(Query.where(Filter.eq("status", Task.Status.OPEN)))).isEqualTo(8);
        List<Task> top = tasks.find(Query.where(Filter.eq("status", Task.Status.OPEN)).sortBy(Sort.desc("priority")).limit(5));
        assertThat(top).hasSize(5).isSortedAccordingTo((a, b) -> Integer.compare(b.priority(), a.priority()));
        assertThat(tasks.find(Query.where(Filter.contains("tags", "a1")))).hasSize(10);
        assertThat(tasks.find(Query.where(Filter.eq("assigneeId", null)))).hasSize(15);
        assertThat(tasks.find(Query.where(Filter.gte("estimate", new BigDecimal("2.5"))))).hasSize(5);
        assertThat(tasks.find(Query.where(Filter.startsWith("assigneeId", "u2")))).hasSize(5);
        assertThat(tasks.find(Query.where(Filter.startsWith("assigneeId", "u")))).hasSize(15);
        assertThat(tasks.find(Query.where(Filter.and(Filter.gt("priority", 1), Filter.lt("priority", 4))))).hasSize(12);
        List<Task> byDue = tasks.find(Query.all().sortBy(Sort.asc("dueDate")));
        assertThat(byDue).hasSize(30);
        assertThat(byDue.subList(0, 5)).allMatch(t -> t.dueDate() == null);
        List<Task> byAssignee = tasks.find(Query.all().sortBy(Sort.desc("assigneeId"), Sort.asc("priority")));
        assertThat(byAssignee.get(29).assigneeId()).isNull();
        assertThat(byAssignee.get(0).assigneeId()).isEqualTo("u4");

        // keyset paging through everything
        List<String> seen = new ArrayList<>();
        Query q = Query.all().sortBy(Sort.desc("priority"), Sort.asc("dueDate"));
        Page<Task> page = tasks.page(q, PageRequest.first(7));
        while (true) {
            page.items().forEach(t -> seen.add(t.id()));
            if (!page.hasNext()) break;
            page = tasks.page(q, page.next().get());
        }
        assertThat(seen).hasSize(30).doesNotHaveDuplicates();
        assertThat(seen).isEqualTo(tasks.find(q).stream().map(Task::id).toList());

        Task updated = tasks.update(first.withPriority(9));
        assertThat(updated.version()).isEqualTo(2);
        assertThatThrownBy(() -> tasks.update(first)).isInstanceOf(OptimisticLockException.class);
        assertThat(tasks.find(Query.where(Filter.eq("priority", 9)))).extracting(Task::id).containsExactly(first.id());
        assertThat(tasks.delete(updated)).isTrue();
        assertThat(tasks.count(Query.all())).isEqualTo(29);
        assertThatThrownBy(() -> tasks.find(Query.where(Filter.eq("title", "t1")))).isInstanceOf(QueryNotSupportedException.class);
        assertThat(tasks.find(Query.where(Filter.eq("title", "t1")).allowScan())).hasSize(1);
        assertThat(tasks.deleteAll(Query.where(Filter.eq("status", Task.Status.DONE)))).isEqualTo(7);
        assertThat(tasks.count(Query.all())).isEqualTo(22);
    }

    @Test
    @SuppressWarnings("unchecked")
    void scriptsAreReloadedAfterTheServerForgetsThem() {
        Task t = tasks.insert(Task.create("before flush", Task.Status.OPEN, 1));
        store.unwrap(io.lettuce.core.api.sync.RedisCommands.class).scriptFlush();
        Task u = tasks.update(t.withPriority(2));
        assertThat(tasks.find(Query.where(Filter.eq("priority", 2)))).containsExactly(u);
        store.unwrap(io.lettuce.core.api.sync.RedisCommands.class).scriptFlush();
        assertThat(tasks.saveAll(List.of(Task.create("a", Task.Status.OPEN, 3), Task.create("b", Task.Status.OPEN, 3))).hasFailures())
                .isFalse();
        assertThat(tasks.count(Query.where(Filter.eq("priority", 3)))).isEqualTo(2);
    }

    @Test
    void uniqueIndex() {
        Repository<User, String> users = store.repository(User.class);
        users.deleteAll(Query.all());
        users.insert(new User(null, "Ann", "ann@example.com", User.Role.ADMIN));
        assertThatThrownBy(() -> users.insert(new User(null, "Ann 2", "ann@example.com", User.Role.MEMBER)))
                .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("email");
        assertThat(users.count(Query.all())).isEqualTo(1);
    }
}
