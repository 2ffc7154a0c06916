package dev.stratum.store.redis.migrations;

import dev.stratum.api.migration.MigrationTargets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.migrations.Migrations;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's Redis migration examples, run by the engine against a real redis-server: rename a
 * legacy key pattern with SCAN + RENAME, and rebuild the index set of a field that became
 * {@code @Indexed} after entities were written.
 */
class RedisMigrationExamplesTest {
    static final String LEGACY = "legacy-session:";
    static final String CURRENT = "session:";

    /** The tasks collection as the service first shipped it: {@code assignee} not indexed. */
    @Entity("ex_tasks")
    public record TaskV1(@Id String id, String title, String assignee) {}

    /** The same collection after {@code assignee} became {@code @Indexed}. */
    @Entity("ex_tasks")
    public record TaskV2(@Id String id, String title, @Indexed String assignee) {}

    /** Moves every {@code legacy-session:*} key to {@code session:*}, in SCAN batches (never KEYS). */
    public static final class V1__Rename_session_keys implements Migration {
        @Override
        @SuppressWarnings("unchecked")
        public void up(MigrationContext ctx) {
            RedisCommands<String, String> redis = ctx.nativeClient(RedisCommands.class);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(LEGACY + "*").limit(100));
                for (String key : page.getKeys()) {
                    redis.renamenx(key, CURRENT + key.substring(LEGACY.length()));
                }
                ctx.checkLease();
                cursor = page;
            } while (!cursor.isFinished());
        }
    }

    /** Rebuilds the secondary index of {@code assignee} for tasks written before it was declared. */
    public static final class V2__Index_task_assignee implements Migration {
        @Override
        public void up(MigrationContext ctx) {
            ctx.store().unwrap(RedisStore.class).reindex(TaskV2.class);
        }
    }

    RedisStore store;
    String prefix;

    @BeforeEach
    void open() {
        prefix = "ex" + UUID.randomUUID().toString().substring(0, 8);
        store = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix(prefix).build();
    }

    @AfterEach
    @SuppressWarnings("unchecked")
    void close() {
        RedisCommands<String, String> redis = store.unwrap(RedisCommands.class);
        for (String pattern : new String[] {LEGACY + "*", CURRENT + "*", "*" + prefix + "*"}) {
            keysMatching(redis, pattern).forEach(k -> redis.del(k));
        }
        store.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void legacyKeysAreRenamedAndTheNewIndexIsBuilt() {
        RedisCommands<String, String> redis = store.unwrap(RedisCommands.class);
        for (int i = 0; i < 250; i++) {
            redis.set(LEGACY + i, "user-" + (i % 7));
        }
        for (int i = 0; i < 30; i++) {
            store.<TaskV1, String>repository(TaskV1.class).insert(new TaskV1("t" + i, "Task " + i, i % 3 == 0 ? "ada" : "bob"));
        }
        Assertions.assertThatThrownBy(() -> store.repository(TaskV1.class).find(Query.where(Filter.eq("assignee", "ada"))))
                .as("before the migration the field is not indexed").isInstanceOf(QueryNotSupportedException.class);

        Migrations engine = Migrations.builder().target(store).migrations(new V1__Rename_session_keys(), new V2__Index_task_assignee())
                .owner("examples-test").build();
        assertThat(engine.migrate().executed()).hasSize(2);

        assertThat(keysMatching(redis, LEGACY + "*")).isEmpty();
        assertThat(keysMatching(redis, CURRENT + "*")).hasSize(250);
        assertThat(redis.get(CURRENT + "8")).isEqualTo("user-1");
        assertThat(store.<TaskV2, String>repository(TaskV2.class).find(Query.where(Filter.eq("assignee", "ada")))).hasSize(10);
        assertThat(MigrationTargets.of(store).history()).extracting(r -> r.version().toString()).containsExactly("1", "2");
        assertThat(engine.migrate().executed()).as("second start-up").isEmpty();
    }

    private static java.util.List<String> keysMatching(RedisCommands<String, String> redis, String pattern) {
        java.util.List<String> out = new java.util.ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
            out.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return out;
    }
}
