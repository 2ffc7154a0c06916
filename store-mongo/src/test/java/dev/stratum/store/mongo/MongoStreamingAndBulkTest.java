package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import dev.stratum.api.BulkResult;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams fetch lazily in cursor batches (bounded memory, checked by what the driver sends and
 * receives, not by timing), and saveAll writes in bulk batches reporting each failure by index.
 */
class MongoStreamingAndBulkTest {
    private static final int STREAM_BATCH = 1000;
    private static final int BULK_BATCH = 1000;

    @Entity("points")
    record Point(@Id @Nullable String id, int n, @Indexed(unique = true) @Nullable String code) {}

    @Entity("plain_points")
    record PlainPoint(@Id @Nullable String id, int n) {}

    @Entity("versioned_points")
    record VersionedPoint(@Id @Nullable String id, int n, @Version long version) {}

    /** Records every command sent and the number of documents in every cursor reply. */
    static final class Recorder implements CommandListener {
        final List<BsonDocument> commands = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("killCursors") || event.getDatabaseName().equals("admin")) {
                return;
            }
            // a summary, not the command: inserts of 10,000 documents must not be kept
            BsonDocument c = event.getCommand();
            BsonDocument summary = new BsonDocument(event.getCommandName(), new BsonInt32(1));
            for (String key : List.of("batchSize", "ordered")) {
                if (c.containsKey(key)) {
                    summary.append(key, c.get(key));
                }
            }
            for (String key : List.of("updates", "documents")) {
                if (c.containsKey(key)) {
                    summary.append(key, new BsonInt32(c.getArray(key).size()));
                }
            }
            commands.add(summary);
        }

        @Override
        public void commandSucceeded(CommandSucceededEvent event) {
            BsonDocument cursor = event.getResponse().getDocument("cursor", null);
            if (cursor != null) {
                BsonArray batch = cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch") : cursor.getArray("nextBatch");
                batchSizes.add(batch.size());
            }
        }

        List<String> names() {
            synchronized (commands) {
                return commands.stream().map(BsonDocument::getFirstKey).toList();
            }
        }

        void clear() {
            commands.clear();
            batchSizes.clear();
        }
    }

    final Recorder recorder = new Recorder();
    MongoStore store;

    @BeforeEach
    void open() {
        store = TestStores.create("streams", b -> b.streamBatchSize(STREAM_BATCH).bulkBatchSize(BULK_BATCH)
                .clientSettings(s -> s.addCommandListener(recorder)));
    }

    @AfterEach
    void close() {
        TestStores.dropAndClose(store);
    }

    @Test
    void streaming200kDocumentsHoldsOneCursorBatchAtATime() {
        int total = 200_000;
        Repository<PlainPoint, String> points = store.repository(PlainPoint.class);
        var raw = points.unwrap(com.mongodb.client.MongoCollection.class);
        List<Document> chunk = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            chunk.add(new Document("_id", String.format("p%06d", i)).append("n", i));
            if (chunk.size() == 10_000) {
                raw.insertMany(chunk);
                chunk = new ArrayList<>();
            }
        }
        recorder.clear();

        long seen = 0;
        long sum = 0;
        try (Stream<PlainPoint> stream = points.stream(Query.all())) {
            assertThat(recorder.names()).as("opening the stream runs one find").containsExactly("find");
            assertThat(recorder.commands.get(0).getInt32("batchSize").getValue()).isEqualTo(STREAM_BATCH);
            Iterator<PlainPoint> it = stream.iterator();
            for (int i = 0; i < STREAM_BATCH; i++) {
                sum += it.next().n();
                seen++;
            }
            assertThat(recorder.names()).as("the first batch is consumed without another round trip").containsExactly("find");
            sum += it.next().n();
            seen++;
            assertThat(recorder.names()).as("the next element fetches the next batch, and only it").containsExactly("find", "getMore");
            while (it.hasNext()) {
                sum += it.next().n();
                seen++;
            }
        }
        assertThat(seen).isEqualTo(total);
        assertThat(sum).isEqualTo((long) total * (total - 1) / 2);
        assertThat(recorder.names()).filteredOn("getMore"::equals).hasSize(total / STREAM_BATCH - 1);
        assertThat(recorder.batchSizes).as("documents the driver held at any time").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(STREAM_BATCH));
        assertThat(recorder.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
    }

    @Test
    void aStreamClosedEarlyKillsItsCursor() {
        Repository<Point, String> points = store.repository(Point.class);
        List<Point> many = new ArrayList<>();
        for (int i = 0; i < 3 * STREAM_BATCH; i++) {
            many.add(new Point("k" + i, i, "k" + i));
        }
        points.saveAll(many).throwIfFailed();
        List<String> killed = Collections.synchronizedList(new ArrayList<>());
        try (MongoStore watched = MongoStore.create(MongoStoreConfig.from(store.config()).clientSettings(s -> s.addCommandListener(
                new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent e) {
                        killed.add(e.getCommandName());
                    }
                })).build())) {
            try (Stream<Point> s = watched.<Point, String>repository(Point.class).stream(Query.all())) {
                s.iterator().next();
            }
            assertThat(killed).contains("find", "killCursors").doesNotContain("getMore");
        }
    }

    @Test
    void saveAllWritesInBulkBatchesOfTheConfiguredSize() {
        Repository<Point, String> points = store.repository(Point.class);
        List<Point> input = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            input.add(new Point("b" + i, i, "b" + i));
        }
        recorder.clear();
        BulkResult<Point> r = points.saveAll(input);
        assertThat(r.failures()).isEmpty();
        assertThat(writes()).as("new unversioned entities go out as unordered inserts, 1000 per request")
                .containsExactly("insert 1000", "insert 1000", "insert 500");
        assertThat(recorder.commands).filteredOn(c -> c.getFirstKey().equals("insert"))
                .allSatisfy(c -> assertThat(c.getBoolean("ordered").getValue()).isFalse());
    }

    @Test
    void unversionedSavesAreUpsertsWhenTheEntitiesExistAndInsertsWhenTheyAreNew() {
        Repository<Point, String> points = store.repository(Point.class);
        List<Point> input = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            input.add(new Point("u" + i, i, "u" + i));
        }
        points.saveAll(input).throwIfFailed();
        List<Point> changed = input.stream().map(p -> new Point(p.id(), -p.n(), p.code())).toList();
        recorder.clear();
        assertThat(points.saveAll(changed).failures()).isEmpty();
        assertThat(writes()).as("the refused inserts are sent again as upserts; later batches are upserts at once")
                .containsExactly("insert 1000", "update 1000", "update 1000", "update 500");
        assertThat(points.count(Query.all())).isEqualTo(2_500);
        assertThat(points.findById("u1999").orElseThrow().n()).isEqualTo(-1_999);

        List<Point> mixed = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            mixed.add(new Point("n" + i, i, "n" + i));
        }
        mixed.set(1_500, new Point("u7", 70, "u7"));   // an existing one among new ones
        recorder.clear();
        BulkResult<Point> r = points.saveAll(mixed);
        assertThat(r.failures()).isEmpty();
        assertThat(r.saved()).hasSize(2_000);
        assertThat(writes()).as("upserts that mostly created switch back to inserts first")
                .containsExactly("update 1000", "insert 1000", "update 1");
        assertThat(points.count(Query.all())).isEqualTo(2_500 + 1_999);
        assertThat(points.findById("u7").orElseThrow().n()).isEqualTo(70);
    }

    /** The write commands recorded, as "insert N" / "update N". */
    private List<String> writes() {
        synchronized (recorder.commands) {
            return recorder.commands.stream().filter(c -> c.getFirstKey().equals("insert") || c.getFirstKey().equals("update"))
                    .map(c -> c.getFirstKey() + " " + (c.containsKey("documents") ? c.getInt32("documents") : c.getInt32("updates")).getValue())
                    .toList();
        }
    }

    @Test
    void newVersionedEntitiesAreInserts() {
        Repository<VersionedPoint, String> versioned = store.repository(VersionedPoint.class);
        List<VersionedPoint> fresh = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            fresh.add(new VersionedPoint("v" + i, i, 0));
        }
        recorder.clear();
        assertThat(versioned.saveAll(fresh).failures()).isEmpty();
        assertThat(recorder.commands).filteredOn(c -> c.getFirstKey().equals("insert")).extracting(c -> c.getInt32("documents").getValue())
                .as("new versioned entities are inserts").containsExactly(1000, 500);
    }

    @Test
    void failuresInLaterBatchesAreReportedAtTheirIndex() {
        Repository<Point, String> points = store.repository(Point.class);
        points.insert(new Point("existing", -1, "taken"));
        List<Point> input = new ArrayList<>();
        for (int i = 0; i < 2_200; i++) {
            input.add(new Point("f" + i, i, i == 1_999 || i == 2_150 ? "taken" : "code-" + i));
        }
        BulkResult<Point> r = points.saveAll(input);
        assertThat(r.failures()).extracting(BulkResult.Failure::index).containsExactly(1_999, 2_150);
        assertThat(r.failures()).allSatisfy(f -> assertThat(f.error()).isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("code_1"));
        assertThat(r.saved()).hasSize(2_198);
        assertThat(points.count(Query.all())).isEqualTo(2_199);
    }

    @Test
    void staleVersionsInABatchAreConflictsAndTheRestIsWritten() {
        Repository<VersionedPoint, String> versioned = store.repository(VersionedPoint.class);
        List<VersionedPoint> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(versioned.insert(new VersionedPoint("s" + i, i, 0)));
        }
        versioned.update(new VersionedPoint("s2", 20, 1));
        versioned.deleteById("s4");
        List<VersionedPoint> batch = List.of(
                new VersionedPoint("s0", 100, 1), // ok
                new VersionedPoint("s2", 102, 1), // stale: stored is 2
                new VersionedPoint("s3", 103, 1), // ok
                new VersionedPoint("s4", 104, 1), // deleted meanwhile
                new VersionedPoint("s5", 105, 0)); // new
        BulkResult<VersionedPoint> r = versioned.saveAll(batch);
        assertThat(r.failures()).extracting(BulkResult.Failure::index).containsExactly(1, 3);
        assertThat(r.failures()).allSatisfy(f -> assertThat(f.error()).isInstanceOf(dev.stratum.api.OptimisticLockException.class));
        assertThat(r.saved()).extracting(VersionedPoint::n).containsExactly(100, 103, 105);
        assertThat(versioned.findById("s2").orElseThrow().n()).isEqualTo(20);
        assertThat(versioned.findById("s0").orElseThrow().version()).isEqualTo(2);
        assertThat(versioned.existsById("s4")).isFalse();
    }
}
