package dev.stratum.testkit;

import static dev.stratum.api.Filter.contains;
import static dev.stratum.api.Filter.eq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Capability;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Update;
import dev.stratum.testkit.domain.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Values that look like query operators, wildcards, script or markup are data like any other: stored
 * and read back unchanged, and matched literally by equality, {@code in}, {@code contains},
 * {@code startsWith}, partial updates and deletes, never interpreted (MongoDB operators, Redis
 * glob patterns and Lua, Elasticsearch query-string syntax, JSON metacharacters).
 */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class OperatorLookingValuesGroup extends KitGroup {
    /** Each is stored as a title, an indexed value, a list element and a map value. */
    static final List<String> VALUES = List.of(
            "{\"$gt\": \"\"}", "$where", "$ne", "{\"$where\": \"sleep(1000)\"}", "this.priority > 0",
            "*", "?", "[a-z]*", "\\*", ".*", "/.*/",
            "title:* OR status:OPEN", "(a AND b) || !c~2^3", "_exists_:title", "a\\\"b",
            "\"]) redis.call('FLUSHALL') --", "end; return 1 --", "ARGV[1]", "KEYS[1]",
            "kit:{kit_tasks}:*", "}{", "\"", "'", "' OR '1'='1", "\\", "{\"a\":[1,{\"b\":null}]}", "\\u0000",
            "${jndi:ldap://x/y}", "%s%n%d", "{{7*7}}", "\r\nFLUSHALL\r\n", " leading and trailing ", "😀 ünïcödé");

    private List<Task> seedOperatorLooking() {
        List<Task> saved = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            String v = VALUES.get(i);
            Task t = Task.create(v, Task.Status.OPEN, i).withId("op-" + i);
            t = new Task(t.id(), v, t.description(), t.status(), i, List.of(v, "plain"), null, v, null, Map.of("k", v), 0, null, null);
            saved.add(tasks().insert(t));
        }
        return saved;
    }

    private List<String> idsOf(Filter f) {
        return tasks().find(Query.where(f)).stream().map(Task::id).sorted().collect(Collectors.toList());
    }

    @Test
    void operatorLookingValuesAreStoredAndReadBackUnchanged() {
        List<Task> saved = seedOperatorLooking();
        for (Task s : saved) {
            Task read = tasks().findById(s.id()).orElseThrow();
            assertThat(read.title()).as("title of %s", s.id()).isEqualTo(s.title());
            assertThat(read.assigneeId()).isEqualTo(s.title());
            assertThat(read.tags()).containsExactly(s.title(), "plain");
            assertThat(read.customFields()).containsExactlyEntriesOf(Map.of("k", s.title()));
        }
        assertThat(tasks().count(Query.all())).isEqualTo(VALUES.size());
    }

    @Test
    void equalityAndInMatchThemLiterally() {
        seedOperatorLooking();
        for (int i = 0; i < VALUES.size(); i++) {
            assertThat(idsOf(eq("assigneeId", VALUES.get(i)))).as("eq %s", VALUES.get(i)).containsExactly("op-" + i);
        }
        assertThat(idsOf(Filter.in("assigneeId", "*", "$where"))).containsExactlyInAnyOrder("op-" + VALUES.indexOf("*"),
                "op-" + VALUES.indexOf("$where"));
        assertThat(tasks().count(Query.where(eq("assigneeId", "nothing*")))).isZero();
    }

    @Test
    void containsMatchesAListElementLiterally() {
        assumeSupports(Capability.ARRAY_CONTAINS);
        seedOperatorLooking();
        for (int i = 0; i < VALUES.size(); i++) {
            assertThat(idsOf(contains("tags", VALUES.get(i)))).as("contains %s", VALUES.get(i)).containsExactly("op-" + i);
        }
    }

    @Test
    void startsWithTreatsWildcardsAsCharacters() {
        assumeSupports(Capability.STARTS_WITH);
        seedOperatorLooking();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            if (VALUES.get(i).startsWith("*")) {
                expected.add("op-" + i);
            }
        }
        assertThat(idsOf(Filter.startsWith("assigneeId", "*"))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(idsOf(Filter.startsWith("assigneeId", "[a-z]"))).containsExactly("op-" + VALUES.indexOf("[a-z]*"));
        assertThat(idsOf(Filter.startsWith("assigneeId", "{\"$"))).containsExactlyInAnyOrder("op-" + VALUES.indexOf("{\"$gt\": \"\"}"),
                "op-" + VALUES.indexOf("{\"$where\": \"sleep(1000)\"}"));
    }

    @Test
    void partialUpdatesAndDeletesTakeThemAsData() {
        seedOperatorLooking();
        String star = "op-" + VALUES.indexOf("*");
        tasks().update(star, Update.set("assigneeId", "\"]) redis.call('FLUSHALL') --x"));
        Task updated = tasks().update(star, Update.set("title", "{\"$set\": 1}").push("tags", "*"));
        assertThat(updated.assigneeId()).isEqualTo("\"]) redis.call('FLUSHALL') --x");
        assertThat(updated.title()).isEqualTo("{\"$set\": 1}");
        assertThat(idsOf(eq("assigneeId", "*"))).isEmpty();
        assertThat(idsOf(eq("assigneeId", "\"]) redis.call('FLUSHALL') --x"))).containsExactly(star);

        long deleted = tasks().deleteAll(Query.where(eq("assigneeId", "$where")));
        assertThat(deleted).isEqualTo(1);
        assertThat(tasks().count(Query.all())).isEqualTo(VALUES.size() - 1);
        assertThat(tasks().findById(star)).isPresent();
    }
}
