package dev.stratum.examples;

import dev.stratum.api.Query;
import dev.stratum.api.Store;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The search example: support tickets kept in MongoDB (the system of record) and searched in
 * Elasticsearch, which the application keeps in step ({@link TicketService}). It seeds tickets, closes
 * and deletes a few (both stores follow), runs full-text searches ranked by relevance, then simulates a
 * crash between the two writes and repairs the search copy with a reconciliation.
 *
 * <p>Run it with {@code ./mvnw -B -q -Psearch -DskipTests -pl examples -am verify}: MongoDB runs in
 * process and Elasticsearch is started from the real server distribution that the build resolves from
 * Maven Central (about 20 s the first time); {@code STRATUM_MONGODB_URI} / {@code STRATUM_ELASTICSEARCH_URI}
 * select real servers instead.
 */
public final class TaskSearch {
    private static final String[] SUBJECTS = {"login", "payment", "export", "search", "upload", "invoice", "password", "report"};
    private static final String[] PROBLEMS = {"times out", "fails with an error", "is slow", "shows the wrong data", "crashes the app"};
    private static final String[] CONTEXTS = {"after the last deploy", "on mobile", "for admin users", "since this morning", "in Firefox"};

    private TaskSearch() {}

    public static void main(String[] args) {
        try (ExampleStores.Opened mongo = ExampleStores.open("mongodb", "task_search");
                ExampleStores.Opened elastic = ExampleStores.open("elasticsearch", "task_search_")) {
            run(mongo.store(), elastic.store(), System.out);
        }
    }

    /** Runs the walkthrough with {@code source} as the system of record and {@code searchStore} for search. */
    public static void run(Store source, Store searchStore, PrintStream out) {
        TicketService service = new TicketService(source, searchStore);
        service.tickets().deleteAll(Query.all());
        service.searchCopies().deleteAll(Query.all());

        // 200 tickets, written to MongoDB and indexed in Elasticsearch by the application
        List<Ticket> seed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String subject = SUBJECTS[i % SUBJECTS.length];
            String problem = PROBLEMS[(i / SUBJECTS.length) % PROBLEMS.length];
            String context = CONTEXTS[(i / 3) % CONTEXTS.length];
            seed.add(Ticket.open(String.format("T-%03d", i), "The " + subject + " page " + problem,
                    "Customer reports that the " + subject + " page " + problem + " " + context + ".", subject));
        }
        seed.add(Ticket.open("T-900", "Login times out", "Login times out for every user after the deploy: the login page "
                + "spins and then times out.", "login", "urgent"));
        List<Ticket> stored = service.createAll(seed);
        out.println("tickets in " + source.name() + ": " + service.tickets().count(Query.all()) + ", search copies in "
                + searchStore.name() + ": " + service.searchCopies().count(Query.all()));

        // the application keeps the copy in step on every write
        Ticket closed = service.update(stored.get(0).closed());
        service.delete("T-001");
        out.println("closed " + closed.id() + " (version " + closed.version() + "), search copy status: "
                + service.copyOf(Objects.requireNonNull(closed.id(), "insert assigns the id")).map(TicketDocument::status).orElse(null) + "; deleted T-001, search copy present: "
                + service.copyOf("T-001").isPresent());

        // full text, best match first
        List<TicketDocument> hits = service.search("login times out", false, 3);
        out.println("search 'login times out': " + hits.stream().map(d -> d.id() + " " + d.title()).toList());
        List<TicketDocument> open = service.search("payment slow", true, 3);
        out.println("open tickets for 'payment slow': " + open.stream().map(TicketDocument::id).toList());

        // a crash between the two writes: MongoDB changed, the search copy did not
        Ticket t5 = service.tickets().findById("T-005").orElseThrow();
        service.tickets().update(t5.closed());
        service.tickets().deleteById("T-006");
        out.println("after a simulated crash, search copy of T-005 is " + service.copyOf("T-005").map(TicketDocument::status).orElse(null)
                + " and T-006 still searchable: " + service.copyOf("T-006").isPresent());
        TicketService.Reconciliation r = service.reconcile();
        out.println("reconciled: checked " + r.checked() + ", re-indexed " + r.reindexed() + ", removed " + r.removed()
                + "; T-005 now " + service.copyOf("T-005").map(TicketDocument::status).orElse(null)
                + ", search copies: " + service.searchCopies().count(Query.all()));
    }
}
