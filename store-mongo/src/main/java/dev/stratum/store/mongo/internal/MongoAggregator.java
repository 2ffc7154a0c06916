package dev.stratum.store.mongo.internal;

import dev.stratum.api.Aggregation;
import dev.stratum.api.spi.ValueOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * An {@link Aggregation} as a native pipeline: {@code $match} (the translated filter), {@code $group}
 * on the group fields — time buckets through {@code $dateToString} with a format that truncates to
 * the minute/hour/day in UTC, parsed back to an {@code Instant} — with {@code $sum/$avg/$min/$max},
 * then a flattening {@code $project}. {@code $dateToString} rather than {@code $dateTrunc} because it
 * runs on every MongoDB (3.0+) and on {@code mongo-java-server}, where the compatibility kit checks it;
 * {@code $dateTrunc} (5.0+) is unknown to the latter. Rows are sorted here, by the group values, as
 * the reference computation sorts them.
 */
final class MongoAggregator {
    private MongoAggregator() {}

    static List<BsonDocument> pipeline(Aggregation a, BsonDocument match, MongoFilterTranslator translator) {
        List<BsonDocument> stages = new ArrayList<>();
        if (!match.isEmpty()) {
            stages.add(new BsonDocument("$match", match));
        }
        BsonDocument key = new BsonDocument();
        for (int i = 0; i < a.groups().size(); i++) {
            Aggregation.Group g = a.groups().get(i);
            BsonValue field = new BsonString("$" + translator.field(g.field()));
            key.append("g" + i, g.bucket() == null ? field
                    : new BsonDocument("$dateToString", new BsonDocument("format", new BsonString(format(g.bucket()))).append("date", field)));
        }
        BsonDocument group = new BsonDocument("_id", a.groups().isEmpty() ? org.bson.BsonNull.VALUE : key);
        BsonDocument project = new BsonDocument("_id", new BsonInt32(0));
        for (int i = 0; i < a.groups().size(); i++) {
            project.append("g" + i, new BsonString("$_id.g" + i));
        }
        for (int i = 0; i < a.metrics().size(); i++) {
            Aggregation.Metric m = a.metrics().get(i);
            BsonValue arg = m.field() == null ? new BsonInt32(1) : new BsonString("$" + translator.field(m.field()));
            String op = switch (m.function()) {
                case COUNT, SUM -> "$sum";
                case AVG -> "$avg";
                case MIN -> "$min";
                case MAX -> "$max";
            };
            group.append("m" + i, new BsonDocument(op, arg));
            project.append("m" + i, new BsonInt32(1));
        }
        stages.add(new BsonDocument("$group", group));
        stages.add(new BsonDocument("$project", project));
        return stages;
    }

    private static String format(Aggregation.TimeBucket b) {
        return switch (b) {
            case MINUTE -> "%Y-%m-%dT%H:%M:00Z";
            case HOUR -> "%Y-%m-%dT%H:00:00Z";
            case DAY -> "%Y-%m-%dT00:00:00Z";
        };
    }

    /** The server's rows as the repository's neutral rows, named and sorted. */
    static List<Map<String, Object>> rows(Aggregation a, List<Map<String, Object>> raw) {
        List<Map.Entry<List<Object>, Map<String, Object>>> keyed = new ArrayList<>();
        for (Map<String, Object> r : raw) {
            Map<String, Object> row = new LinkedHashMap<>();
            List<Object> key = new ArrayList<>();
            for (int i = 0; i < a.groups().size(); i++) {
                Object v = r.get("g" + i);
                if (a.groups().get(i).bucket() != null && v instanceof String s) {
                    v = Instant.parse(s);
                }
                key.add(v);
                row.put(a.groups().get(i).name(), v);
            }
            for (int i = 0; i < a.metrics().size(); i++) {
                Object v = r.get("m" + i);
                if (a.metrics().get(i).function() == Aggregation.Function.COUNT && v instanceof Number n) {
                    v = n.longValue();
                }
                row.put(a.metrics().get(i).name(), v);
            }
            keyed.add(Map.entry(key, row));
        }
        keyed.sort(Map.Entry.comparingByKey(ValueOrder.lexicographic()));
        return keyed.stream().map(Map.Entry::getValue).toList();
    }
}
