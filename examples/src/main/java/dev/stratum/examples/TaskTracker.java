package dev.stratum.examples;

import dev.stratum.api.DecoratedRepository;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Store;
import dev.stratum.api.Update;
import dev.stratum.api.Version;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.cache.CacheConfig;
import dev.stratum.cache.CacheStatistics;
import dev.stratum.cache.CachingRepository;
import dev.stratum.cache.QueryTags;
import dev.stratum.migrations.MigrationResult;
import dev.stratum.migrations.Migrations;
import dev.stratum.store.redis.RedisRemoteCache;
import dev.stratum.testkit.redis.RedisTestServer;
import dev.stratum.tracing.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The data layer of a personal task manager: users and their tasks on MongoDB, "tasks of user X" served
 * cache-aside (Caffeine L1 + Redis L2, invalidated on every create, update and delete through the
 * decorator), two migrations run at start-up, and tracing exported through the OpenTelemetry SDK's
 * logging exporter, so the spans and the {@code db.client.operation.duration} histogram appear on the console.
 *
 * <pre>./mvnw -B -q -Ptask-tracker -DskipTests -pl examples -am verify</pre>
 *
 * MongoDB comes from {@code STRATUM_MONGODB_URI} or runs in-process; Redis from {@code STRATUM_REDIS_URI}
 * or {@code redis-server} on the PATH / the embedded Redis 6.2.
 */
public final class TaskTracker {
    private TaskTracker() {}

    /** A user; {@code role} came with migration 1. */
    @Entity("tracker_users")
    public record User(@Id String id, String name, @Nullable String role) {}

    /** A task; {@code tags} came with migration 2. */
    @Entity("tracker_tasks")
    public record TrackedTask(@Id @Nullable String id, @Indexed String userId, String title, @Indexed String status,
            @Nullable List<String> tags, @Version long version) {
        TrackedTask withStatus(String s) {
            return new TrackedTask(id, userId, title, s, tags, version);
        }
    }

    /** Migration 1: every user gets a role. */
    public static final class V1__Add_user_role implements Migration {
        @Override
        public void up(MigrationContext context) {
            Repository<User, String> users = context.repository(User.class);
            users.updateAll(Query.where(Filter.eq("role", null)), Update.set("role", "member"));
        }

        @Override
        public String checksum() {
            return "add-user-role-1";
        }
    }

    /** Migration 2: every task gets a (possibly empty) tag list. */
    public static final class V2__Add_task_tags implements Migration {
        @Override
        public void up(MigrationContext context) {
            Repository<TrackedTask, String> tasks = context.repository(TrackedTask.class);
            tasks.updateAll(Query.where(Filter.eq("tags", null)), Update.set("tags", List.of()));
        }

        @Override
        public String checksum() {
            return "add-task-tags-1";
        }
    }

    public static void main(String[] args) {
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create())).build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .registerMetricReader(PeriodicMetricReader.builder(LoggingMetricExporter.create()).setInterval(Duration.ofSeconds(30)).build())
                        .build())
                .build();
        String redisUri = System.getenv("STRATUM_REDIS_URI");
        RedisTestServer redis = null;
        if (redisUri == null || redisUri.isBlank()) {
            redis = RedisTestServer.start();
            redisUri = redis.uri();
        }
        try (ExampleStores.Opened mongo = ExampleStores.open("mongodb", "tracker")) {
            mongo.store().repository(TrackedTask.class).deleteAll(Query.all());
            mongo.store().repository(User.class).deleteAll(Query.all());
            run(mongo.store(), redisUri, otel, System.out);
        } finally {
            otel.close();          // flushes: the logging exporter prints the duration histogram
            if (redis != null) {
                redis.close();
            }
        }
    }

    /** Runs the walkthrough on {@code store} with a Redis L2 at {@code redisUri}; returns the cache's statistics. */
    public static CacheStatistics run(Store store, String redisUri, OpenTelemetry otel, PrintStream out) {
        Repository<User, String> users = store.repository(User.class);
        Repository<TrackedTask, String> rawTasks = store.repository(TrackedTask.class);
        // data written before the migrations existed: no role, no tags
        users.saveAll(List.of(new User("alice", "Alice", null), new User("bob", "Bob", "admin"))).throwIfFailed();
        rawTasks.saveAll(List.of(new TrackedTask(null, "alice", "Write the report", "OPEN", null, 0),
                new TrackedTask(null, "alice", "Book flights", "OPEN", null, 0),
                new TrackedTask(null, "bob", "Review budget", "OPEN", List.of("finance"), 0))).throwIfFailed();

        MigrationResult migrated = Migrations.builder().target(store).migrations(new V1__Add_user_role(), new V2__Add_task_tags())
                .owner("task-tracker").openTelemetry(otel).build().migrate();
        out.println("migrations applied: " + migrated.versions());
        out.println("alice's role: " + users.findById("alice").orElseThrow().role());

        try (RedisRemoteCache l2 = RedisRemoteCache.create(redisUri)) {
            DecoratedRepository<TrackedTask, String> tasks = Repositories.decorate(rawTasks)
                    .with(CacheConfig.<TrackedTask>builder().maximumSize(10_000).ttl(Duration.ofMinutes(5)).remote(l2)
                            .keyPrefix("tracker")
                            .entityTags(t -> Set.of("user:" + t.userId()))                          // a task belongs to its user's lists
                            .queryTags(QueryTags.whenEquals("userId", u -> "user:" + u))            // "tasks of user X" is cached under that tag
                            .build())
                    .with(TracingConfig.defaults(otel))
                    .build();
            try {
                Query ofAlice = Query.where(Filter.eq("userId", "alice")).sortBy(Sort.asc("title"));
                out.println("alice: " + titles(tasks.find(ofAlice)) + " (from MongoDB)");
                out.println("alice: " + titles(tasks.find(ofAlice)) + " (from the cache)");

                TrackedTask created = tasks.insert(new TrackedTask(null, "alice", "Call the plumber", "OPEN", List.of("home"), 0));
                out.println("after create: " + titles(tasks.find(ofAlice)));
                tasks.update(created.withStatus("DONE"));
                out.println("after update: " + tasks.find(ofAlice).stream().map(t -> t.title() + "=" + t.status()).toList());
                tasks.delete(tasks.findById(Objects.requireNonNull(created.id(), "insert assigns the id")).orElseThrow());
                out.println("after delete: " + titles(tasks.find(ofAlice)));

                CacheStatistics stats = tasks.unwrap(CachingRepository.class).statistics();
                out.println("cache: " + stats.hitCount() + " hits, " + stats.missCount() + " misses, " + stats.invalidationCount()
                        + " invalidations, " + stats.errorCount() + " L2 errors");
                return stats;
            } finally {
                tasks.close();
            }
        }
    }

    private static List<String> titles(List<TrackedTask> tasks) {
        return tasks.stream().map(TrackedTask::title).toList();
    }
}
