package dev.stratum.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.CursorKey;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.spi.KeysetCursors;
import dev.stratum.testkit.domain.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, defect 10: the values of a cursor are checked like query values even when its signature is
 * good (a key that leaked, or a cursor made before a field changed type), and a configured key lets a
 * cursor outlive the store instance that made it.
 */
class CursorValidationTest {
    private static final CursorKey KEY = CursorKey.of("a fixed 32-byte test cursor key!".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Test
    void aSignedCursorWithAStringWhereAnIntIsSortedIsAnInvalidQuery() {
        Repository<Task, String> tasks = InMemoryStore.builder().cursorKey(KEY).build().repository(Task.class);
        List<Sort> keys = List.of(Sort.asc("priority"), Sort.asc("id"));
        String forged = KeysetCursors.encode(KEY, KeysetCursors.fingerprint(null, keys), List.of("not a number", "t1"));
        assertThatThrownBy(() -> tasks.page(Query.all().sortBy(Sort.asc("priority")), PageRequest.after(forged, 5)))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("page cursor holds an invalid value for 'priority'");
    }

    @Test
    void withAConfiguredKeyACursorOutlivesItsStoreInstance() {
        InMemoryStore first = InMemoryStore.builder().namespace("restart").cursorKey(KEY).build();
        for (int i = 0; i < 4; i++) {
            first.repository(Task.class).insert(Task.create("t" + i, Task.Status.OPEN, i).withId("t" + i));
        }
        Query q = Query.all().sortBy(Sort.asc("priority"));
        String cursor = first.repository(Task.class).page(q, PageRequest.first(2)).cursor();
        InMemoryStore restarted = InMemoryStore.builder().namespace("restart2").cursorKey(KEY).build();
        assertThat(restarted.repository(Task.class).page(q, PageRequest.after(cursor, 2)).items()).as("accepted (empty store)").isEmpty();
        InMemoryStore unkeyed = InMemoryStore.create();
        assertThatThrownBy(() -> unkeyed.repository(Task.class).page(q, PageRequest.after(cursor, 2)))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("integrity check");
    }
}
