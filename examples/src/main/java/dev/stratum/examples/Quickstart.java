package dev.stratum.examples;

import dev.stratum.api.Filter;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Store;
import dev.stratum.store.mongo.MongoStore;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.PrintStream;
import java.util.List;

/**
 * The README quickstart: CRUD, a query, keyset paging and a handled optimistic-lock conflict, on
 * MongoDB. Run it with {@code ./mvnw -B -q -Pquickstart -DskipTests -pl examples -am verify}.
 *
 * <p>With {@code STRATUM_MONGODB_URI} set (e.g. {@code mongodb://localhost:27017}) it uses that server;
 * otherwise it starts an in-process MongoDB-wire-protocol server ({@code mongo-java-server}) on a free
 * loopback port, so nothing has to be installed.
 */
public final class Quickstart {
    private Quickstart() {}

    public static void main(String[] args) {
        String uri = System.getenv("STRATUM_MONGODB_URI");
        MongoServer embedded = null;
        if (uri == null || uri.isBlank()) {
            embedded = new MongoServer(new MemoryBackend());
            embedded.bind("127.0.0.1", 0);
            uri = "mongodb://127.0.0.1:" + embedded.getLocalAddress().getPort();
        }
        try (Store store = MongoStore.builder().uri(uri).database("quickstart").build()) {
            store.repository(Task.class).deleteAll(Query.all());
            run(store, System.out);
        } finally {
            if (embedded != null) {
                embedded.shutdownNow();
            }
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

        // an optimistic-lock conflict: a second writer still holds version 1
        try {
            tasks.update(docs.withStatus(Task.Status.DONE));
        } catch (OptimisticLockException e) {
            out.println("conflict handled: " + e.getMessage());
            Task fresh = tasks.findById(docs.id()).orElseThrow();
            Task done = tasks.update(fresh.withStatus(Task.Status.DONE));
            out.println("retried on version " + fresh.version() + " -> " + done.status() + " (version " + done.version() + ")");
        }

        // delete
        long removed = tasks.deleteAll(Query.where(Filter.eq("status", Task.Status.DONE)));
        out.println("deleted " + removed + " done task(s); " + tasks.count(Query.all()) + " left");
    }
}
