package dev.stratum.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stratum.api.Filter;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.DecoratedRepository;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.cache.event.CacheEvent;
import dev.stratum.cache.event.LocalCacheCleared;
import dev.stratum.cache.support.CountingRepository;
import dev.stratum.cache.support.MapRepository;
import dev.stratum.cache.support.Todo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The L1 cache-aside behaviour on a map-backed repository: hits, misses, TTL, size, invalidation. */
class CachingRepositoryTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MapRepository<Todo, String> store = MapRepository.todos();
    private final CountingRepository<Todo, String> counting = new CountingRepository<>(store);
    private final List<CacheEvent> events = new CopyOnWriteArrayList<>();
    private Repository<Todo, String> tasks;

    private CacheConfig.Builder<Todo> config() {
        return CacheConfig.<Todo>builder().ticker(now::get).jitter(0).listener(events::add);
    }

    private CachingRepository<Todo, String> cache() {
        return tasks.unwrap(CachingRepository.class);
    }

    @BeforeEach
    void setUp() {
        tasks = Repositories.decorate(counting).with(config().build()).build();
    }

    private Todo seed(String id, String assignee) {
        return store.insert(Todo.of(id, "task " + id, assignee));
    }

    @Nested
    class Reads {
        @Test
        void secondFindByIdIsAnL1HitReturningTheSameInstance() {
            seed("a", "u1");
            Todo first = tasks.findById("a").orElseThrow();
            Todo second = tasks.findById("a").orElseThrow();
            assertThat(second).isSameAs(first);
            assertThat(counting.loads()).isEqualTo(1);
            CacheStatistics s = cache().statistics();
            assertThat(s.hitCount()).isEqualTo(1);
            assertThat(s.missCount()).isEqualTo(1);
            assertThat(s.loadCount()).isEqualTo(1);
            assertThat(s.hitRate()).isEqualTo(0.5);
        }

        @Test
        void missesAreRememberedForTheNegativeTtlOnly() {
            assertThat(tasks.findById("nope")).isEmpty();
            assertThat(tasks.findById("nope")).isEmpty();
            assertThat(counting.loads()).isEqualTo(1);
            now.addAndGet(Duration.ofSeconds(5).toNanos());
            assertThat(tasks.findById("nope")).isEmpty();
            assertThat(counting.loads()).isEqualTo(2);
        }

        @Test
        void negativeCachingCanBeTurnedOff() {
            tasks = Repositories.decorate(counting).with(config().negativeTtl(Duration.ZERO).build()).build();
            tasks.findById("nope");
            tasks.findById("nope");
            assertThat(counting.loads()).isEqualTo(2);
        }

        @Test
        void insertingARememberedMissMakesItVisible() {
            assertThat(tasks.findById("a")).isEmpty();
            tasks.insert(Todo.of("a", "new", "u1"));
            assertThat(tasks.findById("a")).map(Todo::title).contains("new");
        }

        @Test
        void entriesExpireAfterTheTtl() {
            tasks = Repositories.decorate(counting).with(config().ttl(Duration.ofMinutes(1)).build()).build();
            seed("a", "u1");
            tasks.findById("a");
            now.addAndGet(Duration.ofSeconds(59).toNanos());
            tasks.findById("a");
            assertThat(counting.loads()).isEqualTo(1);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            tasks.findById("a");
            assertThat(counting.loads()).isEqualTo(2);
            assertThat(cache().statistics().evictionCount()).isGreaterThanOrEqualTo(1);
        }

        @Test
        void jitterShortensLifetimesWithinItsFractionAndNeverLengthensThem() {
            tasks = Repositories.decorate(counting).with(config().ttl(Duration.ofSeconds(100)).jitter(0.5).build()).build();
            for (int i = 0; i < 200; i++) {
                seed("k" + i, "u");
                tasks.findById("k" + i);
            }
            now.addAndGet(Duration.ofSeconds(49).toNanos());
            assertThat(cache().localSize()).as("nothing expires before ttl * (1 - jitter)").isEqualTo(200);
            now.addAndGet(Duration.ofSeconds(26).toNanos());
            long midway = cache().localSize();
            assertThat(midway).as("about half expire by 75 %% of the ttl").isBetween(40L, 160L);
            now.addAndGet(Duration.ofSeconds(25).toNanos());
            assertThat(cache().localSize()).as("everything is gone at the ttl").isZero();
        }

        @Test
        void theL1IsBoundedBySize() {
            tasks = Repositories.decorate(counting).with(config().maximumSize(10).build()).build();
            for (int i = 0; i < 100; i++) {
                seed("k" + i, "u");
                tasks.findById("k" + i);
            }
            assertThat(cache().localSize()).isLessThanOrEqualTo(10);
            assertThat(cache().statistics().evictionCount()).isGreaterThanOrEqualTo(90);
        }

        @Test
        void findAllByIdServesHitsAndLoadsTheRestInOneBatchKeepingOrder() {
            seed("a", "u");
            seed("b", "u");
            seed("c", "u");
            tasks.findById("b");
            List<Todo> found = tasks.findAllById(List.of("c", "b", "missing", "a", "c"));
            assertThat(found).extracting(Todo::id).containsExactly("c", "b", "a");
            assertThat(counting.calls("findAllById")).isEqualTo(1);
            assertThat(counting.loadedIds()).containsExactly("b", "c", "missing", "a");
            // now everything, the miss included, is cached
            assertThat(tasks.findAllById(List.of("a", "b", "c", "missing"))).hasSize(3);
            assertThat(counting.calls("findAllById")).isEqualTo(1);
            assertThat(tasks.findAllById(List.of())).isEmpty();
        }

        @Test
        void existsByIdIsAnsweredByTheL1WhenItKnows() {
            seed("a", "u");
            assertThat(tasks.existsById("a")).isTrue();
            assertThat(counting.calls("existsById")).isEqualTo(1);
            tasks.findById("a");
            tasks.findById("gone");
            assertThat(tasks.existsById("a")).isTrue();
            assertThat(tasks.existsById("gone")).isFalse();
            assertThat(counting.calls("existsById")).isEqualTo(1);
        }

        @Test
        void streamPageAndCountAreNeverCached() {
            seed("a", "u");
            for (int i = 0; i < 2; i++) {
                try (Stream<Todo> s = tasks.stream(Query.all())) {
                    assertThat(s.count()).isEqualTo(1);
                }
                assertThat(tasks.page(Query.all(), PageRequest.first(10)).items()).hasSize(1);
                assertThat(tasks.count(Query.all())).isEqualTo(1);
                assertThat(tasks.find(Query.all())).hasSize(1);
            }
            assertThat(counting.calls("stream")).isEqualTo(2);
            assertThat(counting.calls("page")).isEqualTo(2);
            assertThat(counting.calls("count")).isEqualTo(2);
            assertThat(counting.calls("find")).as("no query tags configured").isEqualTo(2);
        }

        @Test
        void badIdsAreReportedByTheStoreAndNothingIsCached() {
            assertThatThrownBy(() -> tasks.findById(null)).isInstanceOf(InvalidEntityException.class);
            assertThatThrownBy(() -> tasks.findById("")).isInstanceOf(InvalidEntityException.class);
            assertThatThrownBy(() -> tasks.findAllById(Arrays.asList("a", null))).isInstanceOf(InvalidEntityException.class);
            assertThat(cache().localSize()).isZero();
        }

        @Test
        @SuppressWarnings({"unchecked", "rawtypes"})
        void badEntitiesAreReportedByTheStoreUnmaskedByTheCache() {
            assertThatThrownBy(() -> tasks.insert(null)).isInstanceOf(InvalidEntityException.class);
            assertThatThrownBy(() -> tasks.save(null)).isInstanceOf(InvalidEntityException.class);
            assertThatThrownBy(() -> tasks.update(null)).isInstanceOf(InvalidEntityException.class);
            Class<?> storeSays = catchThrowable(() -> store.delete(null)).getClass();
            assertThatThrownBy(() -> tasks.delete(null)).as("whatever the store throws, unmasked").isExactlyInstanceOf(storeSays);
            assertThat(tasks.saveAll(Arrays.asList(Todo.of("ok", "fine", "u"), null)).failures()).hasSize(1);
            Repository raw = tasks;
            assertThatThrownBy(() -> raw.insert("not a todo")).isInstanceOf(InvalidEntityException.class);
        }

        @Test
        void aFailedLoadIsNotCachedAndTheNextCallLoadsAgain() {
            seed("a", "u");
            counting.failNextLoad(new StoreUnavailableException("down"));
            assertThatThrownBy(() -> tasks.findById("a")).isInstanceOf(StoreUnavailableException.class);
            assertThat(tasks.findById("a")).isPresent();
            assertThat(cache().statistics().loadFailureCount()).isEqualTo(1);
            assertThat(cache().statistics().loadCount()).isEqualTo(2);
        }
    }

    @Nested
    class Writes {
        static Stream<Object[]> writes() {
            return Stream.of(
                    new Object[] {"insert", (Consumer<Repository<Todo, String>>) r -> {
                        r.deleteById("a");
                        r.insert(Todo.of("a", "changed", "u1"));
                    }},
                    new Object[] {"save", (Consumer<Repository<Todo, String>>) r -> r.save(r.findById("a").orElseThrow().withTitle("changed"))},
                    new Object[] {"update", (Consumer<Repository<Todo, String>>) r -> r.update(r.findById("a").orElseThrow().withTitle("changed"))},
                    new Object[] {"saveAll", (Consumer<Repository<Todo, String>>) r -> r.saveAll(List.of(r.findById("a").orElseThrow().withTitle("changed")))},
                    new Object[] {"delete", (Consumer<Repository<Todo, String>>) r -> r.delete(r.findById("a").orElseThrow())},
                    new Object[] {"deleteById", (Consumer<Repository<Todo, String>>) r -> r.deleteById("a")},
                    new Object[] {"deleteAll", (Consumer<Repository<Todo, String>>) r -> r.deleteAll(Query.where(Filter.eq("assigneeId", "u1")))});
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("writes")
        void everyWriteThroughTheDecoratorInvalidates(String name, Consumer<Repository<Todo, String>> write) {
            seed("a", "u1");
            assertThat(tasks.findById("a")).map(Todo::title).contains("task a");
            write.accept(tasks);
            Optional<Todo> now = tasks.findById("a");
            Optional<Todo> truth = store.findById("a");
            assertThat(now.map(Todo::title)).isEqualTo(truth.map(Todo::title));
            assertThat(now.map(Todo::version)).isEqualTo(truth.map(Todo::version));
        }

        @Test
        void aFailedWriteInvalidatesToo() {
            seed("a", "u1");
            Todo cached = tasks.findById("a").orElseThrow();
            store.update(cached.withTitle("by someone else")); // behind the cache
            assertThat(tasks.findById("a")).map(Todo::title).contains("task a"); // stale, as documented
            assertThatThrownBy(() -> tasks.update(cached.withTitle("mine"))).isInstanceOf(OptimisticLockException.class);
            assertThat(tasks.findById("a")).map(Todo::title).contains("by someone else");
        }

        @Test
        void saveAllInvalidatesSavedAndFailedEntities() {
            seed("a", "u1");
            seed("b", "u1");
            Todo a = tasks.findById("a").orElseThrow();
            Todo b = tasks.findById("b").orElseThrow();
            store.update(b.withTitle("moved on")); // b's cached version is now stale
            var result = tasks.saveAll(List.of(a.withTitle("a2"), b.withTitle("b2")));
            assertThat(result.failures()).hasSize(1);
            assertThat(tasks.findById("a")).map(Todo::title).contains("a2");
            assertThat(tasks.findById("b")).map(Todo::title).contains("moved on");
        }

        @Test
        void deleteAllClearsTheWholeL1AndSaysSo() {
            seed("a", "u1");
            seed("b", "u2");
            tasks.findById("a");
            tasks.findById("b");
            assertThat(tasks.deleteAll(Query.where(Filter.eq("assigneeId", "u1")))).isEqualTo(1);
            assertThat(cache().localSize()).isZero();
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(LocalCacheCleared.class,
                    c -> assertThat(c.reason()).isEqualTo(LocalCacheCleared.Reason.DELETE_ALL)));
            assertThat(tasks.findById("a")).isEmpty();
            assertThat(tasks.findById("b")).isPresent();
        }

        @Test
        void writesOfOtherIdsKeepCachedEntries() {
            seed("a", "u1");
            tasks.findById("a");
            tasks.insert(Todo.of("b", "other", "u1"));
            tasks.findById("a");
            assertThat(counting.loads()).isEqualTo(1);
            assertThat(cache().statistics().invalidationCount()).isEqualTo(1);
        }

        @Test
        void writesBehindTheDecoratorStayInvisibleUntilTheTtl() {
            seed("a", "u1");
            tasks.findById("a");
            store.putBehindTheCache(Todo.of("a", "sneaky", "u1"));
            assertThat(tasks.findById("a")).map(Todo::title).contains("task a");
            now.addAndGet(Duration.ofMinutes(5).toNanos());
            assertThat(tasks.findById("a")).map(Todo::title).contains("sneaky");
        }

        @Test
        void explicitClearDropsEverything() {
            seed("a", "u1");
            tasks.findById("a");
            cache().clear();
            tasks.findById("a");
            assertThat(counting.loads()).isEqualTo(2);
        }
    }

    @Nested
    class Plumbing {
        @Test
        void unwrapGivesTheDecoratorOrDelegatesInwards() {
            assertThat(tasks.unwrap(DecoratedRepository.class)).isSameAs(tasks);
            CachingRepository<?, ?> cache = tasks.unwrap(CachingRepository.class);
            assertThat(cache.unwrap(CachingRepository.class)).isSameAs(cache);
            assertThat(tasks.unwrap(CountingRepository.class)).isSameAs(counting);
            assertThat(tasks.unwrap(MapRepository.class)).isSameAs(store);
            assertThatThrownBy(() -> tasks.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void metadataCapabilitiesAndStoreInfoAreTheStoresOwn() {
            assertThat(tasks.metadata()).isSameAs(store.metadata());
            assertThat(tasks.capabilities()).isEqualTo(store.capabilities());
            assertThat(tasks.storeInfo()).isEqualTo(store.storeInfo());
            assertThat(cache().name()).isEqualTo("testdb/todos");
            assertThat(tasks.toString()).contains("testdb/todos", "L1");
        }

        @Test
        void theCacheNameCanBeSet() {
            Repository<Todo, String> named = Repositories.decorate(counting).with(config().name("todo-cache").build()).build();
            assertThat(named.unwrap(CachingRepository.class).name()).isEqualTo("todo-cache");
        }

        @Test
        void manyDistinctReadersAndWritersLeaveNoStaleEntries() throws Exception {
            for (int i = 0; i < 20; i++) {
                seed("k" + i, "u");
            }
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int n = t;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 300; i++) {
                        String id = "k" + ((i * 7 + n) % 20);
                        if (i % 5 == n % 5) {
                            Todo cur = tasks.findById(id).orElseThrow();
                            try {
                                tasks.update(cur.withPriority(cur.priority() + 1));
                            } catch (OptimisticLockException e) {
                                // another thread won; fine
                            }
                        } else {
                            tasks.findById(id);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            for (int i = 0; i < 20; i++) {
                assertThat(tasks.findById("k" + i)).isEqualTo(store.findById("k" + i));
            }
        }
    }
}
