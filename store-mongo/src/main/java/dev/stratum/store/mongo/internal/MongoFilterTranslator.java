package dev.stratum.store.mongo.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Translates prepared (validated, neutral) Stratum queries into BSON filter, sort and projection
 * documents. Everything is built as {@link BsonDocument}s from field names the base repository has
 * validated (no {@code $} segments) and values converted by {@link MongoValues}; no JSON is ever
 * assembled from strings. The id property is {@code _id}.
 *
 * <p>Semantics (those of {@link Filter}'s javadoc), mapped on MongoDB's own:
 *
 * <ul>
 *   <li>{@code eq(f, null)} is {@code {f: null}}, which matches null and absent;
 *   <li>{@code exists(f)} is {@code {f: {$ne: null}}} (present and not null), {@code missing(f)} is
 *       {@code {f: null}};
 *   <li>comparisons are {@code $gt}/{@code $gte}/{@code $lt}/{@code $lte}: MongoDB compares only within
 *       one type bracket, so they never match null, absent or other types;
 *   <li>{@code ne}/{@code nin} are {@code $ne}/{@code $nin}, which match absent too;
 *   <li>{@code not(x)} is {@code {$nor: [x]}}, the exact complement (absent included);
 *   <li>{@code startsWith} is an anchored regex of the quoted prefix ({@code ^\Q…\E}), which MongoDB
 *       runs as an index range scan;
 *   <li>{@code eq} on a list field compares the whole list: a non-list value is guarded with
 *       {@code $not: {$type: "array"}} so it does not match lists merely containing it;
 *   <li>equality with a document uses {@code $eq}, so a map value can never be read as operators;
 *   <li>on an untyped field (Object, map values) that may hold a list at run time, every comparison
 *       with a scalar is guarded by {@code $not: {$type: "array"}} and {@code exists}/{@code missing}
 *       treat a list holding null as present: a list is one value, as the contract says, not the
 *       element-wise match MongoDB does by default.
 * </ul>
 *
 * <p>{@code and} children on distinct fields are merged into one document, and range bounds on one
 * field into one operator document ({@code {f: {$gte: a, $lt: b}}}), the shapes the query planner
 * turns into tight index bounds; keyset paging's {@code or(gt(k, v), and(eq(k, v), gt(_id, w)))}
 * becomes an {@code $or} of such documents.
 */
public final class MongoFilterTranslator {
    private static final BsonDocument ARRAY_TYPE = new BsonDocument("$type", new BsonString("array"));

    private final EntityMetadata<?> metadata;
    private final String idProperty;

    public MongoFilterTranslator(EntityMetadata<?> metadata) {
        this.metadata = metadata;
        this.idProperty = metadata.idProperty();
    }

    /** The filter of a prepared query, with its text search; an empty document matches everything. */
    public BsonDocument filter(Query query) {
        BsonDocument f = query.filter().map(this::translate).orElseGet(BsonDocument::new);
        if (query.text().isPresent()) {
            BsonDocument text = new BsonDocument("$text", new BsonDocument("$search", new BsonString(query.text().get())));
            f = f.isEmpty() ? text : and(List.of(f, text));
        }
        return f;
    }

    /** The filter document of one filter. */
    public BsonDocument translate(Filter f) {
        if (f instanceof Filter.And x) {
            List<BsonDocument> parts = new ArrayList<>(x.filters().size());
            for (Filter c : x.filters()) {
                parts.add(translate(c));
            }
            return and(parts);
        }
        if (f instanceof Filter.Or x) {
            BsonArray parts = new BsonArray(x.filters().size());
            for (Filter c : x.filters()) {
                parts.add(translate(c));
            }
            return parts.isEmpty() ? new BsonDocument("_id", new BsonDocument("$in", new BsonArray()))
                    : new BsonDocument("$or", parts);
        }
        if (f instanceof Filter.Not x) {
            return new BsonDocument("$nor", new BsonArray(List.of(translate(x.filter()))));
        }
        if (f instanceof Filter.Eq x) {
            return eq(x.field(), x.value());
        }
        if (f instanceof Filter.Ne x) {
            if (mayHoldList(x.field()) && !(x.value() instanceof List)) {
                return nor(eq(x.field(), x.value()));
            }
            return op(x.field(), "$ne", MongoValues.toBson(x.value()));
        }
        if (f instanceof Filter.Range x) {
            return guarded(x.field(), op(x.field(), rangeOperator(x.op()), MongoValues.toBson(x.value())));
        }
        if (f instanceof Filter.In x) {
            return in(x.field(), x.values());
        }
        if (f instanceof Filter.Nin x) {
            return mayHoldList(x.field()) ? nor(in(x.field(), x.values())) : op(x.field(), "$nin", values(x.values()));
        }
        if (f instanceof Filter.Exists x) {
            if (mayHoldList(x.field())) {
                // {f: null} also matches a list holding null, which is present: exclude lists from "missing"
                BsonDocument missing = op(x.field(), "$eq", BsonNull.VALUE);
                missing.getDocument(field(x.field())).append("$not", ARRAY_TYPE.clone());
                return x.present() ? nor(missing) : missing;
            }
            return x.present() ? op(x.field(), "$ne", BsonNull.VALUE) : new BsonDocument(field(x.field()), BsonNull.VALUE);
        }
        if (f instanceof Filter.Contains x) {
            BsonValue v = MongoValues.toBson(x.value());
            // {tags: v} matches arrays holding v; a document value goes through $eq so it stays a literal
            return v.isDocument() ? op(x.field(), "$eq", v) : new BsonDocument(field(x.field()), v);
        }
        Filter.StartsWith x = (Filter.StartsWith) f;
        if (mayHoldList(x.field())) {
            // only strings have prefixes (mongo-java-server also matches numbers' text), and a list is one value
            BsonDocument string = op(x.field(), "$type", new BsonString("string"));
            string.getDocument(field(x.field())).append("$not", ARRAY_TYPE.clone());
            return new BsonDocument("$and", new BsonArray(List.of(string,
                    new BsonDocument(field(x.field()), new BsonRegularExpression("^" + Pattern.quote(x.prefix()))))));
        }
        return new BsonDocument(field(x.field()), new BsonRegularExpression("^" + Pattern.quote(x.prefix())));
    }

    private static BsonDocument nor(BsonDocument d) {
        return new BsonDocument("$nor", new BsonArray(List.of(d)));
    }

    /** An operator document on one field, made to skip lists when the field may hold one. */
    private BsonDocument guarded(String path, BsonDocument opDoc) {
        if (mayHoldList(path)) {
            opDoc.getDocument(field(path)).append("$not", ARRAY_TYPE.clone());
        }
        return opDoc;
    }

    private BsonDocument in(String path, List<@Nullable Object> values) {
        if (!mayHoldList(path)) {
            return op(path, "$in", values(values));
        }
        if (values.stream().anyMatch(v -> v instanceof List)) {
            BsonArray parts = new BsonArray(values.size());
            for (Object v : values) {
                parts.add(eq(path, v));
            }
            return new BsonDocument("$or", parts);
        }
        return guarded(path, op(path, "$in", values(values)));
    }

    private BsonDocument eq(String path, @Nullable Object value) {
        BsonValue v = MongoValues.toBson(value);
        String field = field(path);
        if (!(value instanceof List) && mayHoldList(path)) {
            BsonDocument guarded = new BsonDocument("$eq", v);
            guarded.append("$not", ARRAY_TYPE.clone());
            return new BsonDocument(field, guarded);
        }
        if (v.isDocument()) {
            return new BsonDocument(field, new BsonDocument("$eq", v));
        }
        return new BsonDocument(field, v);
    }

    /** Whether the field is a list, or untyped (Object, JSON, map values) and so may hold one at run time. */
    private boolean mayHoldList(String path) {
        if (path.equals(idProperty)) {
            return false;
        }
        JavaType t = metadata.validatePath(path);
        return t.isCollectionLikeType() || (t.isArrayType() && t.getRawClass() != byte[].class) || t.getRawClass() == Object.class
                || com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(t.getRawClass());
    }

    private BsonDocument op(String path, String operator, BsonValue value) {
        return new BsonDocument(field(path), new BsonDocument(operator, value));
    }

    private static BsonArray values(List<@Nullable Object> values) {
        BsonArray a = new BsonArray(values.size());
        for (Object v : values) {
            a.add(MongoValues.toBson(v));
        }
        return a;
    }

    private static String rangeOperator(Filter.Op op) {
        switch (op) {
            case GT:
                return "$gt";
            case GTE:
                return "$gte";
            case LT:
                return "$lt";
            default:
                return "$lte";
        }
    }

    /**
     * One document for all parts when no field repeats (or repeats only with distinct operators, e.g.
     * two bounds of a range); {@code $and} otherwise.
     */
    private static BsonDocument and(List<BsonDocument> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        BsonDocument merged = new BsonDocument();
        for (BsonDocument p : parts) {
            for (Map.Entry<String, BsonValue> e : p.entrySet()) {
                BsonValue existing = merged.get(e.getKey());
                if (existing == null) {
                    merged.append(e.getKey(), e.getValue());
                } else if (isOperatorDocument(existing) && isOperatorDocument(e.getValue())
                        && disjoint(existing.asDocument(), e.getValue().asDocument())) {
                    BsonDocument combined = existing.asDocument().clone();
                    combined.putAll(e.getValue().asDocument());
                    merged.put(e.getKey(), combined);
                } else {
                    BsonArray all = new BsonArray(parts.size());
                    all.addAll(parts);
                    return new BsonDocument("$and", all);
                }
            }
        }
        return merged;
    }

    private static boolean isOperatorDocument(BsonValue v) {
        if (!v.isDocument() || v.asDocument().isEmpty()) {
            return false;
        }
        for (String k : v.asDocument().keySet()) {
            // $eq/$not are left alone: two equalities on one field must both hold, which $and expresses
            if (!k.startsWith("$") || k.equals("$eq") || k.equals("$not")) {
                return false;
            }
        }
        return true;
    }

    private static boolean disjoint(BsonDocument a, BsonDocument b) {
        for (String k : b.keySet()) {
            if (a.containsKey(k)) {
                return false;
            }
        }
        return true;
    }

    /** The sort document, or null for none. */
    public @Nullable BsonDocument sort(List<Sort> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        BsonDocument d = new BsonDocument();
        for (Sort s : keys) {
            d.append(field(s.field()), new BsonInt32(s.ascending() ? 1 : -1));
        }
        return d;
    }

    /** The projection document (the id always comes along), or null for whole documents. */
    public @Nullable BsonDocument projection(Set<String> fields) {
        if (fields.isEmpty()) {
            return null;
        }
        // a path and its parent together are a "path collision" for MongoDB: keep only the parent
        List<String> kept = new ArrayList<>();
        for (String f : new TreeSet<>(fields)) {
            if (kept.stream().noneMatch(k -> f.startsWith(k + "."))) {
                kept.add(f);
            }
        }
        BsonDocument d = new BsonDocument();
        for (String f : kept) {
            d.append(field(f), new BsonInt32(1));
        }
        return d;
    }

    /** The stored field name of a property path: the id property is {@code _id}. */
    public String field(String path) {
        return path.equals(idProperty) ? "_id" : path;
    }
}
