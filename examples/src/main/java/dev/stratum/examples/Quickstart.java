package dev.stratum.examples;

import dev.stratum.api.Aggregation;
import dev.stratum.api.Filter;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Update;
import dev.stratum.api.Store;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The README quickstart: CRUD, a query, keyset paging, a partial update, a DTO projection, a handled
 * optimistic-lock conflict and an hourly aggregation — the same code on every store. Run it with
 * {@code ./mvnw -B -q -Pquickstart -DskipTests -pl examples -am verify} (MongoDB) or add
 * {@code -Dexec.args=redis} ({@code memory}, {@code mongodb}, {@code redis}, {@code elasticsearch},
 * {@code firestore}).
 *
 * <p>With the store's usual variable set ({@code STRATUM_MONGODB_URI}, {@code STRATUM_REDIS_URI},
 * {@code STRATUM_ELASTICSEARCH_URI}, {@code FIRESTORE_EMULATOR_HOST}) it uses that server; otherwise
 * {@link ExampleStores} starts an embedded one on a free loopback port, so nothing has to be installed.
 */
public final class Quickstart {
    private Quickstart() {}

    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "mongodb";
        try (ExampleStores.Opened opened = ExampleStores.open(kind, "quickstart")) {
            Store store = opened.store();
            store.repository(Task.class).deleteAll(Query.all());
            store.repository(Reading.class).deleteAll(Query.all());
            run(store, System.out);
        }
    }

    /** Runs the walkthrough against any store, printing to {@code out}. */
    public static void run(Store store, PrintStream out) {
        Repository<Task, String> tasks = store.repository(Task.class);
        out.println("Stratum quickstart on " + store.name());

        // create
        Task docs = tasks.insert(Task.open("Write the docs", 2, "docs"));
        tasks.saveAll(List.of(Task.open("Fix login bug", 5, "backend", "auth"), Task.open("Tune indexes", 3, "backend"),
                Task.open("Plan sprint", 1), Task.open("Rotate keys", 4, "security")));
        out.println("inserted " + docs.title() + " as " + docs.id() + " (version " + docs.version() + ")");

        // read and update
        Task started = tasks.update(docs.withStatus(Task.Status.IN_PROGRESS));
        out.println("updated to " + started.status() + " (version " + started.version() + ")");

        // a query: open backend work, most urgent first
        Query backend = Query.where(Filter.and(Filter.eq("status", Task.Status.OPEN), Filter.contains("tags", "backend")))
                .sortBy(Sort.desc("priority"));
        tasks.find(backend).forEach(t -> out.println("backend: [" + t.priority() + "] " + t.title()));

        // keyset paging, two at a time
        Query byPriority = Query.all().sortBy(Sort.desc("priority"));
        Page<Task> page = tasks.page(byPriority, PageRequest.first(2));
        int n = 1;
        while (true) {
            out.println("page " + n++ + ": " + page.items().stream().map(Task::title).toList());
            if (page.next().isEmpty()) {
                break;
            }
            page = tasks.page(byPriority, page.next().get());
        }

        // a partial update: applied atomically by the store, no read-modify-write here
        String docsId = Objects.requireNonNull(docs.id(), "insert assigns the id");
        Task bumped = tasks.update(docsId, Update.set("title", "Write the docs (v2)").inc("priority", 1).push("tags", "readme"));
        out.println("partially updated: " + bumped.title() + " [" + bumped.priority() + "] " + bumped.tags() + " (version "
                + bumped.version() + ")");

        // a projection: only the named fields are fetched, into a type that cannot be saved over a task
        List<TaskTitle> open = tasks.find(Query.where(Filter.eq("status", Task.Status.OPEN)).sortBy(Sort.desc("priority")), TaskTitle.class);
        out.println("open: " + open);

        // an optimistic-lock conflict: a second writer still holds version 1
        try {
            tasks.update(docs.withStatus(Task.Status.DONE));
        } catch (OptimisticLockException e) {
            out.println("conflict handled: " + e.getMessage());
            Task fresh = tasks.findById(docsId).orElseThrow();
            Task done = tasks.update(fresh.withStatus(Task.Status.DONE));
            out.println("retried on version " + fresh.version() + " -> " + done.status() + " (version " + done.version() + ")");
        }

        // delete
        long removed = tasks.deleteAll(Query.where(Filter.eq("status", Task.Status.DONE)));
        out.println("deleted " + removed + " done task(s); " + tasks.count(Query.all()) + " left");

        hourlyAverages(store, out);
    }

    /** A projection of {@link Task}: title and priority only. */
    public record TaskTitle(String title, int priority) {}

    /** One row of the hourly aggregation. */
    public record HourlyAverage(String asset, Instant hour, double avg, long samples) {}

    /** The hourly average per asset over the last 24 hours, through the portable aggregation. */
    static void hourlyAverages(Store store, PrintStream out) {
        Repository<Reading, UUID> readings = store.repository(Reading.class, UUID.class);
        Instant now = Instant.now();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        readings.saveAll(List.of(new Reading(null, "pump-1", hour.plusSeconds(60), 10), new Reading(null, "pump-1", hour.plusSeconds(120), 20),
                new Reading(null, "pump-2", hour.plusSeconds(60), 7), new Reading(null, "pump-1", hour.plusSeconds(3660), 30),
                new Reading(null, "pump-1", now.minus(Duration.ofDays(3)), 999))).throwIfFailed();   // older than 24 h: left out

        List<HourlyAverage> hourly = readings.aggregate(Aggregation.where(Filter.gte("at", now.minus(Duration.ofHours(24))))
                .groupBy("asset").groupBy("at", Aggregation.TimeBucket.HOUR, "hour").avg("value", "avg").count("samples"),
                HourlyAverage.class);
        hourly.forEach(r -> out.println("hourly: " + r.asset() + " " + r.hour() + " avg " + r.avg() + " (" + r.samples() + " samples)"));
        readings.deleteAll(Query.all());
    }
}
