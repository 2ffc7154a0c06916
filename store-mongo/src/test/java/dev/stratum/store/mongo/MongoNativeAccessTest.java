package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Sorts;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The native escape hatch: unwrapping, the BSON types Stratum stores, and the documented aggregation example. */
class MongoNativeAccessTest {

    @Entity("readings")
    record Reading(@Id @Nullable UUID id, @Indexed Instant timestamp, @Indexed String series, String host, double value) {}

    @Entity("typed")
    record Typed(@Id @Nullable String id, Instant at, BigDecimal amount, UUID ref, LocalDate day, byte[] blob, long big, int small) {}

    MongoStore store;

    @BeforeEach
    void open() {
        store = TestStores.create("native");
    }

    @AfterEach
    void close() {
        TestStores.dropAndClose(store);
    }

    @Test
    void unwrapGivesTheDriversObjects() {
        Repository<Reading, UUID> readings = store.repository(Reading.class);
        MongoCollection<?> collection = readings.unwrap(MongoCollection.class);
        assertThat(collection.getNamespace().getCollectionName()).isEqualTo("readings");
        assertThat(collection.getNamespace().getDatabaseName()).isEqualTo(store.config().database());
        assertThat(collection.getDocumentClass()).isEqualTo(Document.class);
        assertThat(readings.unwrap(MongoDatabase.class).getName()).isEqualTo(store.config().database());
        assertThat(readings.unwrap(MongoClient.class)).isSameAs(store.unwrap(MongoClient.class));
        assertThat(store.unwrap(MongoDatabase.class).getName()).isEqualTo(store.config().database());
        assertThat(store.unwrap(MongoStoreConfig.class)).isSameAs(store.config());
        assertThatThrownBy(() -> store.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readings.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perRepositoryOptionsOverrideTheStores() {
        try (MongoStore custom = MongoStore.create(MongoStoreConfig.from(store.config())
                .clientSettings(s -> s.writeConcern(com.mongodb.WriteConcern.W1))
                .repository(Reading.class, MongoRepositoryOptions.builder()
                        .writeConcern(com.mongodb.WriteConcern.MAJORITY)
                        .readPreference(com.mongodb.ReadPreference.primaryPreferred())
                        .collection("readings_v2")
                        .build())
                .build())) {
            Repository<Reading, UUID> readings = custom.repository(Reading.class);
            MongoCollection<?> c = readings.unwrap(MongoCollection.class);
            assertThat(c.getWriteConcern()).isEqualTo(com.mongodb.WriteConcern.MAJORITY);
            assertThat(c.getReadPreference()).isEqualTo(com.mongodb.ReadPreference.primaryPreferred());
            assertThat(c.getNamespace().getCollectionName()).isEqualTo("readings_v2");
            assertThat(readings.storeInfo().collection()).isEqualTo("readings_v2");
            assertThat(custom.repository(Typed.class).unwrap(MongoCollection.class).getWriteConcern()).isEqualTo(com.mongodb.WriteConcern.W1);
            Reading r = readings.insert(new Reading(null, Instant.EPOCH, "s", "h", 1));
            assertThat(store.unwrap(MongoDatabase.class).getCollection("readings_v2").countDocuments()).isEqualTo(1);
            assertThat(readings.findById(r.id())).contains(r);
        }
    }

    @Test
    void neutralValuesAreStoredAsTheirNativeBsonTypes() {
        UUID ref = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        Typed t = store.<Typed, String>repository(Typed.class).insert(new Typed(null, Instant.parse("2024-02-29T13:14:15.123Z"),
                new BigDecimal("13.25"), ref, LocalDate.of(2024, 2, 29), new byte[] {1, 2, 3}, 1L << 40, 7));
        assertThat(ObjectId.isValid(t.id())).as("an assigned String id is an ObjectId in hex").isTrue();
        @SuppressWarnings("unchecked")
        MongoCollection<Document> raw = store.repository(Typed.class).unwrap(MongoCollection.class);
        Document d = raw.find(new Document("_id", t.id())).first();
        assertThat(d).isNotNull().doesNotContainKey("id");
        assertThat(d.get("at")).isEqualTo(Date.from(t.at()));
        assertThat(d.get("amount")).isEqualTo(new Decimal128(new BigDecimal("13.25")));
        assertThat(d.get("ref")).as("UUIDs are binary subtype 4").isEqualTo(ref);
        assertThat(store.unwrap(MongoDatabase.class).getCollection("typed", BsonDocument.class).find().first().getBinary("ref").getType())
                .isEqualTo((byte) 4);
        assertThat(d.get("day")).as("dates are ISO strings, which sort like dates").isEqualTo("2024-02-29");
        assertThat(d.get("blob")).isEqualTo(new Binary(new byte[] {1, 2, 3}));
        assertThat(d.get("big")).isEqualTo(1L << 40);
        assertThat(d.get("small")).isEqualTo(7);
    }

    @Test
    void documentsWrittenNativelyAreReadBack() {
        @SuppressWarnings("unchecked")
        MongoCollection<Document> raw = store.repository(Typed.class).unwrap(MongoCollection.class);
        ObjectId oid = new ObjectId();
        raw.insertOne(new Document("_id", oid).append("at", new Date(86_400_000L)).append("amount", new Decimal128(new BigDecimal("0.5")))
                .append("ref", UUID.fromString("00000000-0000-0000-0000-000000000042")).append("day", "1999-12-31")
                .append("blob", new Binary(new byte[] {9})).append("big", 5).append("small", 3).append("unknown", "ignored"));
        assertThat(store.<Typed, String>repository(Typed.class).findById(oid.toHexString()))
                .as("Stratum stores String ids as strings, so an ObjectId _id is not found by its hex string").isEmpty();
        Typed found = store.<Typed, String>repository(Typed.class).find(Query.all()).get(0);
        assertThat(found.id()).as("but it reads as its hex string").isEqualTo(oid.toHexString());
        assertThat(found.at()).isEqualTo(Instant.ofEpochSecond(86_400));
        assertThat(found.amount()).isEqualByComparingTo("0.5");
        assertThat(found.day()).isEqualTo(LocalDate.of(1999, 12, 31));
        assertThat(found.big()).as("an int32 fits a long").isEqualTo(5L);
    }

    /**
     * The README's example: hourly average per host of one series, with a Stratum query as the
     * {@code $match} stage. {@code $dateToString} works on every MongoDB and on mongo-java-server;
     * on MongoDB 5+ {@code $dateTrunc: {date: "$timestamp", unit: "hour"}} gives a date instead of a string.
     */
    @Test
    void hourlyAverageAggregationOverMetrics() {
        Repository<Reading, UUID> readings = store.repository(Reading.class);
        Instant start = Instant.parse("2026-11-01T10:00:00Z");
        List<Reading> batch = new ArrayList<>();
        for (int hour = 0; hour < 3; hour++) {
            for (int i = 0; i < 6; i++) {
                Instant at = start.plusSeconds(hour * 3600L + i * 600L);
                batch.add(new Reading(null, at, "cpu.load", "web-01", hour * 10 + i));          // averages 2.5, 12.5, 22.5
                batch.add(new Reading(null, at, "cpu.load", "web-02", 100 + hour));             // averages 100, 101, 102
                batch.add(new Reading(null, at, "mem.used", "web-01", 1e9));                    // another series
            }
        }
        readings.saveAll(batch).throwIfFailed();

        Bson match = Aggregates.match(store.nativeFilter(Reading.class, Query.where(Filter.and(Filter.eq("series", "cpu.load"),
                Filter.gte("timestamp", start), Filter.lt("timestamp", start.plusSeconds(3 * 3600))))));
        Bson group = Aggregates.group(
                new Document("hour", new Document("$dateToString", new Document("format", "%Y-%m-%dT%H:00:00Z").append("date", "$timestamp")))
                        .append("host", "$host"),
                Accumulators.avg("avg", "$value"), Accumulators.sum("samples", 1));
        @SuppressWarnings("unchecked")
        MongoCollection<Document> raw = readings.unwrap(MongoCollection.class);
        List<Document> hourly = raw.aggregate(List.of(match, group, Aggregates.sort(Sorts.ascending("_id.hour", "_id.host"))))
                .into(new ArrayList<>());

        assertThat(hourly).hasSize(6);
        assertThat(hourly).extracting(d -> d.get("_id", Document.class).getString("hour") + " " + d.get("_id", Document.class).getString("host")
                + " " + d.get("avg") + " " + d.get("samples")).containsExactly(
                "2026-11-01T10:00:00Z web-01 2.5 6", "2026-11-01T10:00:00Z web-02 100.0 6",
                "2026-11-01T11:00:00Z web-01 12.5 6", "2026-11-01T11:00:00Z web-02 101.0 6",
                "2026-11-01T12:00:00Z web-01 22.5 6", "2026-11-01T12:00:00Z web-02 102.0 6");
        assertThat(store.nativeFilter(Reading.class, Query.where(Filter.eq("id", UUID.randomUUID())))).containsKey("_id");

        // the same through the portable API (a native $group here)
        record HostHour(String host, Instant hour, double avg, long samples) {}
        List<HostHour> portable = readings.aggregate(dev.stratum.api.Aggregation.where(Filter.and(Filter.eq("series", "cpu.load"),
                Filter.gte("timestamp", start), Filter.lt("timestamp", start.plusSeconds(3 * 3600))))
                .groupBy("timestamp", dev.stratum.api.Aggregation.TimeBucket.HOUR, "hour").groupBy("host")
                .avg("value", "avg").count("samples"), HostHour.class);
        assertThat(portable).extracting(r -> r.hour() + " " + r.host() + " " + r.avg() + " " + r.samples()).containsExactly(
                "2026-11-01T10:00:00Z web-01 2.5 6", "2026-11-01T10:00:00Z web-02 100.0 6",
                "2026-11-01T11:00:00Z web-01 12.5 6", "2026-11-01T11:00:00Z web-02 101.0 6",
                "2026-11-01T12:00:00Z web-01 22.5 6", "2026-11-01T12:00:00Z web-02 102.0 6");
    }
}
