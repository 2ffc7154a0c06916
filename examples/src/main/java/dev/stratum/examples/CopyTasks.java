package dev.stratum.examples;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.backup.Backup;
import dev.stratum.backup.BackupListener;
import dev.stratum.backup.BackupOptions;
import dev.stratum.backup.CopyResult;
import dev.stratum.backup.Manifest;
import dev.stratum.backup.Progress;
import dev.stratum.backup.RestoreMode;
import dev.stratum.backup.VerifyReport;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.store.redis.RedisStore;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import redis.embedded.RedisServer;

/**
 * Backs up the tasks of a MongoDB store and copies them into another store — Redis here, since the
 * search store (Elasticsearch) is not built yet; the code is the same for any target. Run it with
 * {@code ./mvnw -B -q -Pcopy-tasks -DskipTests -pl examples -am verify}.
 *
 * <p>{@code STRATUM_MONGODB_URI} and {@code STRATUM_REDIS_URI} select real servers; otherwise it
 * starts an in-process MongoDB-wire-protocol server and the embedded Redis 6.2 binary on free
 * loopback ports, so nothing has to be installed.
 */
public final class CopyTasks {
    private CopyTasks() {}

    public static void main(String[] args) throws IOException {
        String mongoUri = System.getenv("STRATUM_MONGODB_URI");
        String redisUri = System.getenv("STRATUM_REDIS_URI");
        MongoServer mongoServer = null;
        RedisServer redisServer = null;
        Path dir = Files.createTempDirectory("stratum-copy-tasks");
        try {
            if (mongoUri == null || mongoUri.isBlank()) {
                mongoServer = new MongoServer(new MemoryBackend());
                mongoServer.bind("127.0.0.1", 0);
                mongoUri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort();
            }
            if (redisUri == null || redisUri.isBlank()) {
                int port = freePort();
                redisServer = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                        .onShutdownForceStop(true).build();
                redisServer.start();
                redisUri = "redis://127.0.0.1:" + port;
            }
            try (Store mongo = MongoStore.builder().uri(mongoUri).database("copy_tasks").build();
                    Store redis = RedisStore.builder().uri(redisUri).keyPrefix("copy-tasks").build()) {
                run(mongo, redis, dir, System.out);
            }
        } finally {
            if (mongoServer != null) {
                mongoServer.shutdownNow();
            }
            if (redisServer != null) {
                redisServer.stop();
            }
        }
    }

    /** Seeds tasks into {@code source}, backs them up into {@code dir}, copies them into {@code target} and verifies. */
    public static void run(Store source, Store target, Path dir, PrintStream out) {
        Repository<Task, String> tasks = source.repository(Task.class);
        tasks.deleteAll(Query.all());
        List<Task> seed = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            seed.add(Task.open("Task " + i, i % 5 + 1, i % 2 == 0 ? "backend" : "frontend"));
        }
        tasks.saveAll(seed);
        Task first = tasks.find(Query.all().limit(1)).get(0);
        tasks.update(first.withStatus(Task.Status.IN_PROGRESS));   // one task at version 2
        out.println("seeded " + tasks.count(Query.all()) + " tasks in " + source.name());

        // 1. a logical backup: one gzip'd NDJSON file per type plus a manifest with checksums
        Path archive = dir.resolve("tasks-backup");
        Manifest m = Backup.export(source, archive, BackupOptions.defaults(), Task.class);
        Manifest.Entry e = m.entries().get(0);
        out.println("exported " + e.count() + " " + e.entity() + " into " + archive.resolve(e.file()) + " (" + e.bytes() + " bytes, sha256 "
                + e.sha256().substring(0, 12) + "…), consistency " + m.consistency().level() + " via " + m.consistency().mechanism());

        // 2. copy straight from store to store, resumable through the checkpoint, verified at the end
        BackupOptions copy = BackupOptions.builder()
                .mode(RestoreMode.REPLACE)
                .batchSize(250)
                .checkpoint(dir.resolve("copy.checkpoint.json"))
                .listener(new BackupListener() {
                    @Override
                    public void onBatchWritten(Progress p) {
                        out.println("  " + p);
                    }
                })
                .build();
        CopyResult r = Backup.copy(source, target, copy, Task.class);
        out.println("copied " + r.copied().total() + " tasks into " + target.name() + " in " + r.copied().took().toMillis() + " ms");
        VerifyReport v = r.verified().orElseThrow();
        out.println("target matches source: " + v.matches() + " " + v.types().get(0));

        // 3. the archive restores anywhere too; here it is checked against the copy
        out.println("archive matches target: " + Backup.verify(archive, target, BackupOptions.defaults(), Task.class).matches());
        Task copied = target.<Task, String>repository(Task.class).findById(Objects.requireNonNull(first.id(), "insert assigns the id")).orElseThrow();
        out.println("'" + copied.title() + "' kept version " + copied.version() + " and createdAt " + copied.createdAt());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
