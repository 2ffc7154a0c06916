package dev.stratum.examples;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.api.Store;
import dev.stratum.backup.Backup;
import dev.stratum.backup.BackupListener;
import dev.stratum.backup.BackupOptions;
import dev.stratum.backup.CopyResult;
import dev.stratum.backup.Progress;
import dev.stratum.backup.RestoreMode;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.store.mongo.MongoStore;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the tasks of a MongoDB store (the system of record) into Elasticsearch (the search store),
 * resumably and verified, then queries them there. Run it with a server, e.g.
 * {@code STRATUM_ELASTICSEARCH_URI=http://127.0.0.1:9200 ./mvnw -B -q -Pcopy-to-search -DskipTests -pl examples -am verify}.
 *
 * <p>{@code STRATUM_MONGODB_URI} selects a real MongoDB; otherwise an in-process MongoDB-wire-protocol
 * server on a free loopback port is used. Elasticsearch cannot be embedded: give its URI
 * ({@code STRATUM_ELASTICSEARCH_URI} or {@code -Dstratum.elasticsearch.uri}).
 */
public final class CopyTasksToSearch {
    private CopyTasksToSearch() {}

    public static void main(String[] args) throws Exception {
        String esUri = System.getProperty("stratum.elasticsearch.uri", System.getenv("STRATUM_ELASTICSEARCH_URI"));
        if (esUri == null || esUri.isBlank()) {
            System.err.println("set STRATUM_ELASTICSEARCH_URI (or -Dstratum.elasticsearch.uri) to an Elasticsearch 8 server, e.g. http://127.0.0.1:9200");
            System.exit(2);
        }
        String mongoUri = System.getenv("STRATUM_MONGODB_URI");
        MongoServer mongoServer = null;
        Path dir = Files.createTempDirectory("stratum-copy-to-search");
        try {
            if (mongoUri == null || mongoUri.isBlank()) {
                mongoServer = new MongoServer(new MemoryBackend());
                mongoServer.bind("127.0.0.1", 0);
                mongoUri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort();
            }
            try (Store mongo = MongoStore.builder().uri(mongoUri).database("copy_to_search").build();
                    Store search = ElasticStore.builder().uri(esUri).indexPrefix("copy_to_search_").build()) {
                run(mongo, search, dir, System.out);
            }
        } finally {
            if (mongoServer != null) {
                mongoServer.shutdownNow();
            }
        }
    }

    /** Seeds tasks into {@code source}, copies them into {@code search} (replacing what it held), verifies, and queries there. */
    public static void run(Store source, Store search, Path dir, PrintStream out) {
        var tasks = source.<Task, String>repository(Task.class);
        tasks.deleteAll(Query.all());
        List<Task> seed = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            seed.add(Task.open("Task " + i, i % 5 + 1, i % 2 == 0 ? "backend" : "frontend"));
        }
        tasks.saveAll(seed);
        out.println("seeded " + tasks.count(Query.all()) + " tasks in " + source.name());

        // store to store, no file in between: batches through _bulk, a checkpoint to resume a killed copy,
        // and the target verified against the source (per-document SHA-256) at the end
        BackupOptions options = BackupOptions.builder()
                .mode(RestoreMode.REPLACE)
                .batchSize(200)
                .checkpoint(dir.resolve("copy-to-search.checkpoint.json"))
                .listener(new BackupListener() {
                    @Override
                    public void onBatchWritten(Progress p) {
                        out.println("  " + p);
                    }
                })
                .build();
        CopyResult r = Backup.copy(source, search, options, Task.class);
        out.println("copied " + r.copied().total() + " tasks into " + search.name() + " in " + r.copied().took().toMillis() + " ms, read "
                + r.copied().consistency().level());
        out.println("search store matches source: " + r.verified().orElseThrow().matches());

        // the copy is searchable at once (the store refreshes on write)
        var found = search.<Task, String>repository(Task.class)
                .find(Query.where(Filter.contains("tags", "backend")).sortBy(Sort.desc("priority"), Sort.asc("title")).limit(3));
        out.println("top backend tasks in " + search.name() + ": " + found.stream().map(Task::title).toList());
    }
}
