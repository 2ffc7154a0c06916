package dev.stratum.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Update;
import dev.stratum.cache.support.CountingRepository;
import dev.stratum.cache.support.MapRepository;
import dev.stratum.cache.support.Todo;
import dev.stratum.api.spi.TransactionScope;
import org.junit.jupiter.api.Test;

/** Reads inside an uncommitted transaction are neither served from nor kept in the cache; partial updates invalidate. */
class CacheInTransactionTest {
    private final MapRepository<Todo, String> store = MapRepository.todos();
    private final CountingRepository<Todo, String> counting = new CountingRepository<>(store);
    private final Repository<Todo, String> todos = Repositories.decorate(counting)
            .with(CacheConfig.<Todo>builder().jitter(0).queryTags(q -> java.util.Set.of("all")).entityTags(t -> java.util.Set.of("all")).build()).build();

    @Test
    void readsInsideATransactionBypassTheCache() {
        store.insert(Todo.of("a", "task a", "u1"));
        Todo cached = todos.findById("a").orElseThrow();
        assertThat(counting.loads()).isEqualTo(1);

        Todo inTx = TransactionScope.run(() -> {
            store.update("a", Update.set("title", "uncommitted"));     // as a write inside the transaction would
            return todos.findById("a").orElseThrow();
        });
        assertThat(inTx.title()).as("not the cached copy").isEqualTo("uncommitted");
        assertThat(counting.loads()).isEqualTo(2);
        TransactionScope.run(() -> todos.find(Query.all()));
        TransactionScope.run(() -> todos.find(Query.all()));
        assertThat(counting.calls("find")).as("query results not cached inside").isEqualTo(2);

        store.update("a", Update.set("title", cached.title()));         // "rolled back"
        assertThat(todos.findById("a").orElseThrow().title()).as("the uncommitted read was not kept").isEqualTo("task a");
    }

    @Test
    void partialUpdatesInvalidate() {
        store.insert(Todo.of("a", "task a", "u1"));
        todos.findById("a");
        todos.update("a", Update.set("title", "changed"));
        assertThat(todos.findById("a").orElseThrow().title()).isEqualTo("changed");
        todos.updateAll(Query.all(), Update.set("title", "all changed"));
        assertThat(todos.findById("a").orElseThrow().title()).isEqualTo("all changed");
    }
}
