package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** #15 scenario 5: {@code verifyIndexes} finds index corruption made with raw commands, {@code repairIndexes} fixes it. */
class RedisVerifyIndexesTest {
    private static RedisStore store;
    private static IndexConsistency consistency;

    @BeforeAll
    static void open() {
        store = RedisTestStores.newStore();
        consistency = new IndexConsistency(RedisTestServer.shared().uri());
    }

    @AfterAll
    static void close() {
        store.close();
        consistency.close();
    }

    @SuppressWarnings("unchecked")
    private static RedisCommands<String, String> raw() {
        return store.unwrap(RedisCommands.class);
    }

    private static String key(String pattern, String member) {
        for (String k : consistency.scan(pattern)) {
            if (raw().sismember(k, member)) {
                return k;
            }
        }
        throw new AssertionError("no set " + pattern + " holds " + member);
    }

    @Test
    void aCleanCollectionHasNoProblems() {
        Repository<Task, String> tasks = store.repository(Task.class);
        tasks.deleteAll(Query.all());
        for (int i = 0; i < 30; i++) {
            tasks.insert(Task.create("t" + i, Task.Status.values()[i % 4], i).withTags(List.of("x" + i % 3)));
        }
        IndexReport report = store.verifyIndexes(Task.class);
        assertThat(report.problems()).as(report.toString()).isZero();
        assertThat(report.documents()).isEqualTo(30);
        assertThat(report.entries()).isGreaterThan(30 * 5);
        assertThat(report.examples()).isEmpty();
    }

    @Test
    void staleMissingAndWrongOwnerEntriesAreFoundAndRepaired() {
        Repository<User, String> users = store.repository(User.class);
        users.insert(new User("ann", "Ann", "ann@example.com", User.Role.ADMIN));
        users.insert(new User("bob", "Bob", "bob@example.com", User.Role.MEMBER));
        users.insert(new User("cy", "Cy", "cy@example.com", User.Role.GUEST));
        String base = "{" + store.config().keyPrefix() + ":kit_users}:";
        assertThat(store.verifyIndexes(User.class).problems()).isZero();

        String admins = key(base + "i:role:e:*", "ann");
        String members = key(base + "i:role:e:*", "bob");
        raw().sadd(admins, "ghost");                    // an entry of a document that does not exist
        raw().sadd(members, "ann");                     // an entry the document does not imply
        raw().srem(members, "bob");                     // an entry the document implies, missing
        String uniques = consistency.scan(base + "u:*").get(0);
        String annToken = raw().hgetall(uniques).entrySet().stream().filter(e -> e.getValue().equals("ann")).findFirst().orElseThrow().getKey();
        raw().hset(uniques, annToken, "bob");           // the unique value owned by the wrong id
        raw().zadd(base + "ids", 0, "phantom");         // an id without a document

        assertThat(users.find(Query.where(Filter.eq("role", User.Role.MEMBER)))).extracting(User::getId).containsExactly("ann");

        IndexReport report = store.verifyIndexes(User.class);
        assertThat(report.documents()).isEqualTo(3);
        assertThat(report.danglingEntries()).as(report.toString()).isEqualTo(3);  // ghost, ann as member, bob owning ann's email
        assertThat(report.missingEntries()).as(report.toString()).isEqualTo(2);   // bob as member, ann owning her email
        assertThat(report.phantomIds()).as(report.toString()).isEqualTo(1);
        assertThat(report.repaired()).isZero();
        assertThat(report.examples()).anySatisfy(e -> assertThat(e).contains("ghost"));
        assertThat(report.examples()).anySatisfy(e -> assertThat(e).contains("phantom"));
        assertThat(report.toString()).contains("kit_users").contains("dangling");

        IndexReport repaired = store.repairIndexes(User.class);
        assertThat(repaired.problems()).isEqualTo(report.problems());
        assertThat(repaired.repaired()).isEqualTo(report.problems());
        assertThat(store.verifyIndexes(User.class).problems()).isZero();
        consistency.check(store, User.class);
        assertThat(users.find(Query.where(Filter.eq("role", User.Role.MEMBER)))).extracting(User::getId).containsExactly("bob");
        assertThatThrownBy(() -> users.insert(new User("dan", "Dan", "ann@example.com", User.Role.GUEST)))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void numericAndLexicalEntriesAndManifestsAreChecked() {
        Repository<Task, String> tasks = store.repository(Task.class);
        tasks.deleteAll(Query.all());
        Task a = tasks.insert(Task.create("a", Task.Status.OPEN, 5).withAssigneeId("zed").withId("a"));
        tasks.insert(Task.create("b", Task.Status.OPEN, 6).withId("b"));
        String base = "{" + store.config().keyPrefix() + ":kit_tasks}:";
        raw().zadd(base + "i:priority:n", 99, "a");                      // wrong score
        raw().zrem(base + "i:assigneeId:l", "2zed\0a");                  // missing lexicographic entry
        raw().hdel(base + "m", "b");                                    // a document without its manifest
        IndexReport report = store.verifyIndexes(Task.class);
        assertThat(report.problems()).as(report.toString()).isGreaterThanOrEqualTo(3);
        assertThat(report.unindexedDocuments()).as(report.toString()).isEqualTo(1);
        store.repairIndexes(Task.class);
        assertThat(store.verifyIndexes(Task.class).problems()).isZero();
        consistency.check(store, Task.class);
        assertThat(tasks.find(Query.where(Filter.gte("priority", 5)).sortBy(dev.stratum.api.Sort.asc("priority"))))
                .extracting(Task::id).containsExactly(a.id(), "b");
        tasks.update(a.withPriority(1));
        consistency.check(store, Task.class);
    }
}
