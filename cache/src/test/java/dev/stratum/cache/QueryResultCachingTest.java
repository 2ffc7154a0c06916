package dev.stratum.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.cache.support.CountingRepository;
import dev.stratum.cache.support.FakeRemoteCache;
import dev.stratum.cache.support.MapRepository;
import dev.stratum.cache.support.Todo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opt-in caching of {@code find(query)} results with tag invalidation: tasks are tagged
 * {@code "user:" + assigneeId}, "the tasks of user X" queries carry {@code "user:X"}.
 */
class QueryResultCachingTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MapRepository<Todo, String> store = MapRepository.todos();
    private final FakeRemoteCache.Server server = new FakeRemoteCache.Server();
    private CountingRepository<Todo, String> counting;
    private Repository<Todo, String> tasks;

    private static Query tasksOf(String user) {
        return Query.where(Filter.eq("assigneeId", user)).sortBy(Sort.asc("title"));
    }

    private Repository<Todo, String> instance(CountingRepository<Todo, String> repo, boolean remote) {
        CacheConfig.Builder<Todo> b = CacheConfig.<Todo>builder().ticker(now::get).jitter(0)
                .secondInvalidationDelay(Duration.ZERO)
                .entityTags(t -> Set.of("user:" + t.assigneeId()))
                .queryTags(QueryTags.whenEquals("assigneeId", v -> "user:" + v));
        if (remote) {
            b.remote(new FakeRemoteCache(server));
        }
        return Repositories.decorate(repo).with(b.build()).build();
    }

    @BeforeEach
    void setUp() {
        store.insert(Todo.of("t1", "a", "42"));
        store.insert(Todo.of("t2", "b", "42"));
        store.insert(Todo.of("t3", "c", "43"));
        counting = new CountingRepository<>(store);
        tasks = instance(counting, false);
    }

    private List<String> titles(List<Todo> todos) {
        return todos.stream().map(Todo::title).toList();
    }

    @Test
    void aTaggedQueryIsServedFromTheCacheUntilARelevantWrite() {
        assertThat(titles(tasks.find(tasksOf("42")))).containsExactly("a", "b");
        assertThat(titles(tasks.find(tasksOf("42")))).containsExactly("a", "b");
        assertThat(counting.calls("find")).isEqualTo(1);
        CacheStatistics s = tasks.unwrap(CachingRepository.class).statistics();
        assertThat(s.hitCount()).isEqualTo(1);
        assertThat(s.loadCount()).isEqualTo(1);
    }

    @Test
    void writingAnyTaskOfUser42InvalidatesTheTasksOfUser42Only() {
        tasks.find(tasksOf("42"));
        tasks.find(tasksOf("43"));
        tasks.insert(Todo.of("t4", "d", "42"));
        assertThat(titles(tasks.find(tasksOf("42")))).containsExactly("a", "b", "d");
        assertThat(titles(tasks.find(tasksOf("43")))).containsExactly("c");
        assertThat(counting.calls("find")).isEqualTo(3);
    }

    @Test
    void reassigningATaskInvalidatesBothTheOldAndTheNewOwnersResults() {
        tasks.find(tasksOf("42"));
        tasks.find(tasksOf("43"));
        Todo t1 = store.findById("t1").orElseThrow(); // not through the cache: the decorator does not know its old tags
        tasks.update(t1.withAssignee("43"));
        assertThat(titles(tasks.find(tasksOf("42")))).as("left via the id index").containsExactly("b");
        assertThat(titles(tasks.find(tasksOf("43")))).as("entered via the tag").containsExactly("a", "c");
    }

    @Test
    void deletingByIdInvalidatesTheResultsHoldingIt() {
        tasks.find(tasksOf("42"));
        tasks.deleteById("t2");
        assertThat(titles(tasks.find(tasksOf("42")))).containsExactly("a");
    }

    @Test
    void aLimitedResultIsInvalidatedByANewTaskThatWouldEnterIt() {
        Query top = tasksOf("42").limit(1);
        assertThat(titles(tasks.find(top))).containsExactly("a");
        tasks.insert(Todo.of("t0", "0-first", "42"));
        assertThat(titles(tasks.find(top))).containsExactly("0-first");
    }

    @Test
    void untaggedAndOffsetQueriesAreNotCached() {
        tasks.find(Query.where(Filter.eq("priority", 1)));
        tasks.find(Query.where(Filter.eq("priority", 1)));
        tasks.find(tasksOf("42").offset(1));
        tasks.find(tasksOf("42").offset(1));
        assertThat(counting.calls("find")).isEqualTo(4);
    }

    @Test
    void inQueriesCarryOneTagPerValue() {
        Query both = Query.where(Filter.and(Filter.in("assigneeId", "42", "43"), Filter.gte("priority", 0)));
        assertThat(tasks.find(both)).hasSize(3);
        tasks.find(both);
        assertThat(counting.calls("find")).isEqualTo(1);
        tasks.insert(Todo.of("t9", "z", "43"));
        assertThat(tasks.find(both)).hasSize(4);
    }

    @Test
    void deleteAllDropsEveryCachedResult() {
        tasks.find(tasksOf("42"));
        tasks.find(tasksOf("43"));
        tasks.deleteAll(Query.where(Filter.eq("title", "c")));
        assertThat(tasks.find(tasksOf("43"))).isEmpty();
        assertThat(titles(tasks.find(tasksOf("42")))).containsExactly("a", "b");
        assertThat(counting.calls("find")).isEqualTo(4);
    }

    @Test
    void resultsExpireAfterTheQueryTtl() {
        tasks = Repositories.decorate(counting).with(CacheConfig.<Todo>builder().ticker(now::get)
                .queryTags(QueryTags.always("all")).queryTtl(Duration.ofSeconds(10)).build()).build();
        tasks.find(Query.all());
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        tasks.find(Query.all());
        assertThat(counting.calls("find")).isEqualTo(2);
    }

    @Test
    void anotherInstancesWriteInvalidatesByTagOverTheBus() {
        CountingRepository<Todo, String> c1 = new CountingRepository<>(store);
        CountingRepository<Todo, String> c2 = new CountingRepository<>(store);
        Repository<Todo, String> one = instance(c1, true);
        Repository<Todo, String> two = instance(c2, true);
        assertThat(titles(two.find(tasksOf("42")))).containsExactly("a", "b");
        one.insert(Todo.of("t4", "d", "42"));
        assertThat(titles(two.find(tasksOf("42")))).containsExactly("a", "b", "d");
        Todo t1 = store.findById("t1").orElseThrow();
        one.update(t1.withAssignee("43"));
        assertThat(titles(two.find(tasksOf("42")))).containsExactly("b", "d");
        assertThat(c2.calls("find")).isEqualTo(3);
    }

    @Test
    void queryTagsHelperPinsEqAndInAloneOrUnderAnd() {
        var tagger = QueryTags.whenEquals("assigneeId", v -> "user:" + v);
        assertThat(tagger.apply(tasksOf("42"))).containsExactly("user:42");
        assertThat(tagger.apply(Query.where(Filter.in("assigneeId", List.of("1", "2"))))).containsExactly("user:1", "user:2");
        assertThat(tagger.apply(Query.where(Filter.and(Filter.gt("priority", 1), Filter.eq("assigneeId", "7"))))).containsExactly("user:7");
        assertThat(tagger.apply(Query.where(Filter.or(Filter.eq("assigneeId", "7"), Filter.eq("priority", 1))))).isEmpty();
        assertThat(tagger.apply(Query.where(Filter.eq("assigneeId", null)))).isEmpty();
        assertThat(tagger.apply(Query.all())).isEmpty();
        assertThat(QueryTags.always("x").apply(Query.all())).containsExactly("x");
    }
}
