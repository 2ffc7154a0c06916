package dev.stratum.store.mongo.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.TimeSeriesGranularity;
import com.mongodb.client.model.TimeSeriesOptions;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.TimeSeries;
import dev.stratum.store.mongo.MongoIndexConflictException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an entity's collection and indexes from its metadata, idempotently:
 *
 * <ul>
 *   <li>single-field and compound indexes with their names, order, {@code unique} and {@code sparse};
 *   <li>{@code @Indexed(ttlSeconds)} as a TTL index ({@code expireAfterSeconds}) on that field, and
 *       {@code @Entity(ttlSeconds)} as one on the {@code @UpdatedAt} (else {@code @CreatedAt}) field;
 *   <li>every {@code @Indexed(text = true)} field in the collection's one text index;
 *   <li>a {@code @TimeSeries} entity's collection as a time-series collection, on servers that have them.
 * </ul>
 *
 * <p>The existing indexes are listed first: an index with the same name and definition, or the same
 * keys and options under another name, is kept; one with the same name or keys but other options is a
 * {@link MongoIndexConflictException} showing both definitions (the server would refuse it too, with
 * a less helpful message). Missing indexes are created in one {@code createIndexes} command.
 */
public final class MongoIndexCreator {
    private static final Logger LOG = LoggerFactory.getLogger(MongoIndexCreator.class);

    private MongoIndexCreator() {}

    /** The index models an entity declares (without the implicit {@code _id} index). */
    public static List<IndexModel> declared(EntityMetadata<?> meta) {
        List<IndexModel> out = new ArrayList<>();
        Set<String> textFields = new LinkedHashSet<>();
        for (IndexDefinition def : meta.indexes()) {
            if (def.text()) {
                def.fields().forEach(f -> textFields.add(f.path()));
                continue;
            }
            if (def.isSingleField() && def.fields().get(0).path().equals(meta.idProperty())) {
                continue;
            }
            BsonDocument keys = new BsonDocument();
            for (IndexDefinition.Field f : def.fields()) {
                keys.append(f.path(), new BsonInt32(f.ascending() ? 1 : -1));
            }
            IndexOptions o = new IndexOptions().name(def.name());
            if (def.unique()) {
                o.unique(true);
            }
            if (def.sparse()) {
                o.sparse(true);
            }
            if (def.ttlSeconds() > 0) {
                o.expireAfter(def.ttlSeconds(), TimeUnit.SECONDS);
            }
            out.add(new IndexModel(keys, o));
        }
        if (!textFields.isEmpty()) {
            BsonDocument keys = new BsonDocument();
            textFields.forEach(f -> keys.append(f, new BsonString("text")));
            out.add(new IndexModel(keys, new IndexOptions().name(String.join("_", textFields) + "_text")));
        }
        if (meta.ttlSeconds() > 0) {
            String field = meta.updatedAtProperty().or(meta::createdAtProperty).orElseThrow(() -> new ConfigurationException(
                    meta.type().getName() + " declares @Entity(ttlSeconds = " + meta.ttlSeconds() + "): on MongoDB entities expire through"
                            + " a TTL index on an Instant field; add an @UpdatedAt (or @CreatedAt) property, or use @Indexed(ttlSeconds)"));
            out.add(new IndexModel(new BsonDocument(field, new BsonInt32(1)),
                    new IndexOptions().name("stratum_entity_ttl").expireAfter(meta.ttlSeconds(), TimeUnit.SECONDS)));
        }
        return out;
    }

    /**
     * Creates the time-series collection (if declared and supported) and the missing indexes.
     *
     * @throws MongoIndexConflictException if an existing index clashes with a declared one
     */
    public static void ensure(MongoDatabase db, String collection, EntityMetadata<?> meta, MongoServerProfile server) {
        meta.timeSeries().ifPresent(ts -> ensureTimeSeries(db, collection, ts, server));
        List<IndexModel> wanted = declared(meta);
        if (wanted.isEmpty()) {
            return;
        }
        MongoCollection<Document> c = db.getCollection(collection);
        List<Document> existing = new ArrayList<>();
        if (collectionExists(db, collection)) {
            c.listIndexes().into(existing);
        }
        List<IndexModel> missing = new ArrayList<>();
        for (IndexModel w : wanted) {
            Document same = null;
            for (Document e : existing) {
                boolean sameName = Objects.equals(e.getString("name"), w.getOptions().getName());
                boolean sameKeys = sameKeys(e, w);
                if (sameName || sameKeys) {
                    if (!(sameKeys && sameOptions(e, w.getOptions()))) {
                        throw new MongoIndexConflictException(collection, describe(w), describe(e), null);
                    }
                    same = e;
                    break;
                }
            }
            if (same == null) {
                missing.add(w);
            } else if (!Objects.equals(same.getString("name"), w.getOptions().getName())) {
                LOG.debug("index {} of {} exists as '{}'", w.getOptions().getName(), collection, same.getString("name"));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try {
            c.createIndexes(missing);
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == 85 || e.getErrorCode() == 86 || e.getErrorCode() == 67) {
                List<String> declared = missing.stream().map(MongoIndexCreator::describe).toList();
                throw new MongoIndexConflictException(collection, String.join(", ", declared),
                        "an index the server reports as conflicting (" + e.getErrorCodeName() + ": " + e.getErrorMessage() + ")", e);
            }
            throw e;
        }
    }

    private static boolean collectionExists(MongoDatabase db, String collection) {
        return db.listCollectionNames().filter(new Document("name", collection)).first() != null;
    }

    private static void ensureTimeSeries(MongoDatabase db, String collection, TimeSeries ts, MongoServerProfile server) {
        Document info = db.listCollections().filter(new Document("name", collection)).first();
        if (!server.timeSeries()) {
            LOG.info("{} is declared @TimeSeries but {} has no time-series collections; it is an ordinary collection there",
                    collection, server.describe());
            return;
        }
        if (info != null) {
            if (!"timeseries".equals(info.getString("type"))) {
                LOG.warn("{} is declared @TimeSeries but exists as an ordinary collection; MongoDB cannot convert it"
                        + " (copy the data into a new time-series collection)", collection);
            }
            return;
        }
        TimeSeriesOptions options = new TimeSeriesOptions(ts.timeField()).granularity(granularity(ts.granularity()));
        if (!ts.metaField().isEmpty()) {
            options.metaField(ts.metaField());
        }
        CreateCollectionOptions create = new CreateCollectionOptions().timeSeriesOptions(options);
        if (ts.expireAfterSeconds() > 0) {
            create.expireAfter(ts.expireAfterSeconds(), TimeUnit.SECONDS);
        }
        try {
            db.createCollection(collection, create);
            LOG.info("created time-series collection {} (time field {}, meta field {})", collection, ts.timeField(), ts.metaField());
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != 48) { // NamespaceExists: created concurrently
                throw e;
            }
        }
    }

    private static TimeSeriesGranularity granularity(TimeSeries.Granularity g) {
        switch (g) {
            case HOURS:
                return TimeSeriesGranularity.HOURS;
            case MINUTES:
                return TimeSeriesGranularity.MINUTES;
            default:
                return TimeSeriesGranularity.SECONDS;
        }
    }

    private static boolean sameKeys(Document existing, IndexModel wanted) {
        BsonDocument keys = wanted.getKeys().toBsonDocument();
        Document weights = existing.get("weights", Document.class);
        Document key = existing.get("key", Document.class);
        if (key == null) {
            return false;
        }
        boolean wantedText = keys.values().stream().anyMatch(BsonValue::isString);
        boolean existingText = weights != null || key.values().stream().anyMatch("text"::equals);
        if (wantedText || existingText) {
            if (!(wantedText && existingText)) {
                return false;
            }
            Set<String> fields = new LinkedHashSet<>(weights != null ? weights.keySet() : key.keySet());
            return fields.equals(keys.keySet());
        }
        if (key.size() != keys.size()) {
            return false;
        }
        List<String> a = new ArrayList<>(key.keySet());
        List<String> b = new ArrayList<>(keys.keySet());
        if (!a.equals(b)) {
            return false;
        }
        for (String k : a) {
            Object v = key.get(k);
            if (!(v instanceof Number n) || Math.signum(n.doubleValue()) != Math.signum(Objects.requireNonNull(keys.get(k), "same key names").asNumber().doubleValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameOptions(Document existing, IndexOptions wanted) {
        return flag(existing.get("unique")) == wanted.isUnique() && flag(existing.get("sparse")) == wanted.isSparse()
                && Objects.equals(seconds(existing.get("expireAfterSeconds")), wanted.getExpireAfter(TimeUnit.SECONDS));
    }

    private static boolean flag(@Nullable Object v) {
        return Boolean.TRUE.equals(v) || (v instanceof Number n && n.intValue() != 0);
    }

    private static @Nullable Long seconds(@Nullable Object v) {
        return v instanceof Number n ? n.longValue() : null;
    }

    private static String describe(IndexModel m) {
        IndexOptions o = m.getOptions();
        StringBuilder sb = new StringBuilder("{name: '").append(o.getName()).append("', key: ").append(m.getKeys().toBsonDocument().toJson());
        if (o.isUnique()) {
            sb.append(", unique: true");
        }
        if (o.isSparse()) {
            sb.append(", sparse: true");
        }
        if (o.getExpireAfter(TimeUnit.SECONDS) != null) {
            sb.append(", expireAfterSeconds: ").append(o.getExpireAfter(TimeUnit.SECONDS));
        }
        return sb.append('}').toString();
    }

    private static String describe(Document existing) {
        Document d = new Document("name", existing.get("name")).append("key", existing.get("key"));
        for (String option : new String[] {"unique", "sparse", "expireAfterSeconds", "weights", "partialFilterExpression"}) {
            if (existing.containsKey(option)) {
                d.append(option, existing.get(option));
            }
        }
        return d.toJson();
    }
}
