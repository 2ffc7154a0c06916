package dev.stratum.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testkit.Await;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.cache.support.CountingRepository;
import dev.stratum.cache.support.MapRepository;
import dev.stratum.cache.support.Todo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single-flight loading: concurrent misses of one key share one load. Loads are held at a gate until
 * every caller has joined the flight (observed through the miss counter, which counts a caller once it
 * is attached to a flight), so the assertions do not depend on timing.
 */
class SingleFlightLoadingTest {
    private static final int CALLERS = 100;

    private final MapRepository<Todo, String> store = MapRepository.todos();
    private final CountingRepository<Todo, String> counting = new CountingRepository<>(store);
    private final Repository<Todo, String> tasks = Repositories.decorate(counting).with(CacheConfig.<Todo>builder().build()).build();
    private final CachingRepository<Todo, String> cache = tasks.unwrap(CachingRepository.class);
    private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }


    private <V> List<Future<V>> submitAll(Callable<V> task) {
        List<Future<V>> out = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            out.add(pool.submit(task));
        }
        return out;
    }

    @Test
    void hundredConcurrentMissesOfOneKeyLoadExactlyOnce() throws Exception {
        store.insert(Todo.of("hot", "hot key", "u1"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counting.gate(entered, release);

        List<Future<Optional<Todo>>> results = submitAll(() -> tasks.findById("hot"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        Await.until("condition", () -> cache.statistics().missCount() == CALLERS);
        release.countDown();

        for (Future<Optional<Todo>> f : results) {
            assertThat(f.get(30, TimeUnit.SECONDS)).map(Todo::title).contains("hot key");
        }
        assertThat(counting.calls("findById")).isEqualTo(1);
        assertThat(cache.statistics().loadCount()).isEqualTo(1);
    }

    @Test
    void hundredConcurrentMissesOfAnAbsentKeyLoadExactlyOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counting.gate(entered, release);
        List<Future<Optional<Todo>>> results = submitAll(() -> tasks.findById("nobody"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        Await.until("condition", () -> cache.statistics().missCount() == CALLERS);
        release.countDown();
        for (Future<Optional<Todo>> f : results) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(counting.calls("findById")).isEqualTo(1);
    }

    @Test
    void aFailedLoadFailsEveryWaiterOnceAndIsNotCached() throws Exception {
        store.insert(Todo.of("hot", "hot key", "u1"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counting.gate(entered, release);
        counting.failNextLoad(new StoreUnavailableException("store down"));
        List<Future<Optional<Todo>>> results = submitAll(() -> tasks.findById("hot"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        Await.until("condition", () -> cache.statistics().missCount() == CALLERS);
        release.countDown();
        for (Future<Optional<Todo>> f : results) {
            try {
                f.get(30, TimeUnit.SECONDS);
                throw new AssertionError("expected the load's failure");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StoreUnavailableException.class).hasMessage("store down");
            }
        }
        assertThat(counting.calls("findById")).isEqualTo(1);
        counting.ungate();
        assertThat(tasks.findById("hot")).isPresent();
        assertThat(counting.calls("findById")).isEqualTo(2);
    }

    @Test
    void concurrentBatchesLoadEachMissingIdOnce() throws Exception {
        List<String> ids = List.of("a", "b", "c", "d", "e");
        ids.forEach(id -> store.insert(Todo.of(id, "t" + id, "u1")));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counting.gate(entered, release);
        List<Future<List<Todo>>> results = submitAll(() -> tasks.findAllById(ids));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        Await.until("condition", () -> cache.statistics().missCount() == (long) CALLERS * ids.size());
        release.countDown();
        for (Future<List<Todo>> f : results) {
            assertThat(f.get(30, TimeUnit.SECONDS)).extracting(Todo::id).containsExactlyElementsOf(ids);
        }
        assertThat(counting.loadedIds()).as("every id loaded by exactly one leader").hasSize(ids.size()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aWriteDuringALoadNeverLeavesTheOldValueCached() throws Exception {
        store.insert(Todo.of("k", "old", "u1"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counting.gate(entered, release);
        Future<Optional<Todo>> slowReader = pool.submit(() -> tasks.findById("k"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue(); // the reader has read "old" and is held
        counting.ungate();
        Todo current = store.findById("k").orElseThrow();
        tasks.update(current.withTitle("new"));
        // read-your-writes: a read after the write does not join the old flight
        assertThat(tasks.findById("k")).map(Todo::title).contains("new");
        release.countDown();
        assertThat(slowReader.get(30, TimeUnit.SECONDS)).map(Todo::title).contains("old"); // it started before the write
        assertThat(tasks.findById("k")).map(Todo::title).contains("new");
    }

    @Test
    void aWriteDuringALoadThatNobodyElseReadsStillDropsTheOldValue() throws Exception {
        store.insert(Todo.of("k", "old", "u1"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counting.gate(entered, release);
        Future<Optional<Todo>> slowReader = pool.submit(() -> tasks.findById("k"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        counting.ungate();
        store.update(store.findById("k").orElseThrow().withTitle("new")); // through the store...
        tasks.deleteById("nothing-" + 1); // ...unrelated write: must not disturb
        tasks.update(store.findById("k").orElseThrow().withTitle("newer")); // ...and through the cache
        release.countDown();
        slowReader.get(30, TimeUnit.SECONDS);
        assertThat(tasks.findById("k")).map(Todo::title).contains("newer");
    }
}
