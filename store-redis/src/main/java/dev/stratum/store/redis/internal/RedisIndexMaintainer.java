package dev.stratum.store.redis.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.spi.DocumentPath;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns a neutral document into the secondary-index entries the write script applies atomically
 * with the document, and tells the planner which structures exist for which field.
 *
 * <p>An entry is a string {@code <kind><key suffix>[\0<argument>]}; the write script keeps each
 * document's entries (its "manifest") so that updates remove exactly the stale ones and deletes and
 * expiries remove all of them:
 *
 * <ul>
 *   <li>{@code s} — the id is a member of the set (equality, {@code contains}, presence: null and absent
 *       are "not in the field's presence set", so documents written before the field existed count as absent);
 *   <li>{@code n} — the id scores the argument in the numeric sorted set (null/absent score {@code -inf});
 *   <li>{@code l} — {@code argument\0id} is in the field's lexicographic sorted set and the argument
 *       is the id's value in the field's value hash;
 *   <li>{@code u} — the unique hash maps the argument (the value's token) to the id.
 * </ul>
 */
public final class RedisIndexMaintainer {
    /** How a field is indexed. */
    public enum Kind {
        /** Numbers a double holds exactly (int, double…), instants, dates, booleans: numeric sorted set. */
        NUMERIC,
        /** Strings, enums, UUIDs, longs, BigDecimals: lexicographic sorted set of exact sortable encodings. */
        LEXICAL,
        /** Lists: equality of the whole list plus one set per element ({@code contains}). */
        LIST,
        /** Untyped values (Object, maps, nested records): equality, plus sortable encodings of scalars. */
        DYNAMIC
    }

    /** One indexed field path. */
    public record Field(String path, Kind kind) {}

    /**
     * One compound index of two or more fields. For every prefix {@code f1..fk} (k &lt; n) of its fields
     * and every document, the document's id is kept in structures under
     * {@code x:<name>:<token of the prefix's values>:}: the set {@code …e} of ids with those values
     * (k &ge; 2; for k = 1 the leading field's own equality set serves) and the next field's order —
     * a numeric sorted set {@code …n} (null at {@code -inf}) or, for a lexical field, the sorted set
     * {@code …l} of {@code <sortable>\0<id>} and the hash {@code …v} (null as {@code "0"}, below
     * every value). So equality on the leading fields plus filters and sort on the next field read one
     * small structure instead of the whole collection.
     */
    public record Compound(String name, List<String> paths, List<Kind> kinds) {
        /** The key suffix (below the collection's base) of the structures for these leading values. */
        public String prefixBase(List<@Nullable Object> leading) {
            return "x:" + name + ":" + RedisValueEncoding.keyToken(RedisValueEncoding.uniqueToken(leading)) + ":";
        }
    }

    /** One unique index. */
    public record Unique(String name, List<String> paths, boolean sparse) {}

    private final EntityMetadata<?> metadata;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final List<Unique> uniques = new ArrayList<>();
    private final List<Compound> compounds = new ArrayList<>();
    private final Map<String, Long> fieldTtls = new LinkedHashMap<>();

    public RedisIndexMaintainer(EntityMetadata<?> metadata) {
        this(metadata, List.of());
    }

    /** The entity's declared indexes and {@code created} ones (by {@code IndexOperations.createIndex}). */
    public RedisIndexMaintainer(EntityMetadata<?> metadata, List<IndexDefinition> created) {
        this.metadata = metadata;
        List<IndexDefinition> all = new ArrayList<>(metadata.indexes());
        all.addAll(created);
        for (IndexDefinition index : all) {
            if (index.text()) {
                continue;
            }
            String first = index.fields().get(0).path();
            if (!first.equals(metadata.idProperty())) {
                fields.computeIfAbsent(first, p -> new Field(p, kindOf(metadata.validatePath(p))));
            }
            if (index.fields().size() > 1) {
                List<String> paths = index.fields().stream().map(IndexDefinition.Field::path).toList();
                List<Kind> kinds = paths.stream().map(p -> p.equals(metadata.idProperty()) ? Kind.DYNAMIC : kindOf(metadata.validatePath(p)))
                        .toList();
                compounds.add(new Compound(index.name(), paths, kinds));
            }
            if (index.unique()) {
                uniques.add(new Unique(index.name(), index.fields().stream().map(IndexDefinition.Field::path).toList(), index.sparse()));
            }
            if (index.ttlSeconds() > 0) {
                fieldTtls.put(first, index.ttlSeconds());
            }
        }
    }

    static Kind kindOf(JavaType t) {
        Class<?> raw = t.getRawClass();
        if ((t.isCollectionLikeType() || t.isArrayType()) && raw != byte[].class) {
            return Kind.LIST;
        }
        // a double score holds these exactly; longs and decimals go to the exact lexicographic index
        if (raw == int.class || raw == short.class || raw == byte.class || raw == double.class || raw == float.class
                || raw == boolean.class || raw == Integer.class || raw == Short.class || raw == Byte.class || raw == Double.class
                || raw == Float.class) {
            return Kind.NUMERIC;
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
            return Kind.LEXICAL;
        }
        if (raw == Instant.class || raw == LocalDate.class || raw == Boolean.class) {
            return Kind.NUMERIC;
        }
        if (raw == String.class || raw == Character.class || raw.isEnum() || raw == UUID.class || CharSequence.class.isAssignableFrom(raw)) {
            return Kind.LEXICAL;
        }
        return Kind.DYNAMIC;
    }

    /** The indexed field at exactly this path, if any (the id is not among them). */
    public Optional<Field> field(String path) {
        return Optional.ofNullable(fields.get(path));
    }

    /** Whether documents of this entity can expire. */
    public boolean hasTtl() {
        return metadata.ttlSeconds() > 0 || !fieldTtls.isEmpty();
    }

    /** The entity-level time to live in ms, 0 for none. */
    public long ttlMillis() {
        return metadata.ttlSeconds() * 1000;
    }

    /** The absolute expiry (epoch ms) the document's TTL-indexed instants give, or null. */
    public @Nullable Long expireAt(Map<String, Object> document) {
        Long at = null;
        for (Map.Entry<String, Long> e : fieldTtls.entrySet()) {
            if (DocumentPath.get(document, e.getKey()) instanceof Instant i) {
                long t = i.toEpochMilli() + e.getValue() * 1000;
                at = at == null ? t : Math.min(at, t);
            }
        }
        return at;
    }

    /** The compound indexes of two or more fields. */
    public List<Compound> compounds() {
        return compounds;
    }

    /** The unique indexes. */
    public List<Unique> uniques() {
        return uniques;
    }

    /**
     * The unique constraints a document must satisfy: for each unique index that applies, its name,
     * hash key suffix and token. Sparse indexes skip documents lacking all their fields.
     */
    public List<String[]> uniqueChecks(Map<String, Object> document) {
        List<String[]> out = new ArrayList<>();
        for (Unique u : uniques) {
            String token = uniqueToken(u, document);
            if (token != null) {
                out.add(new String[] {u.name(), RedisKeys.unique(u.name()), token});
            }
        }
        return out;
    }

    private @Nullable String uniqueToken(Unique u, Map<String, Object> document) {
        List<Object> values = new ArrayList<>();
        boolean allAbsent = true;
        for (String p : u.paths()) {
            Object v = value(document, p);
            allAbsent &= v == null;
            values.add(v);
        }
        if (u.sparse() && allAbsent) {
            return null;
        }
        return RedisValueEncoding.uniqueToken(values);
    }

    /** Every index entry of the document, in a stable order, without duplicates. */
    public List<String> entries(Map<String, Object> document) {
        Set<String> out = new LinkedHashSet<>();
        for (Field f : fields.values()) {
            addEntries(f, value(document, f.path()), out);
        }
        for (Compound c : compounds) {
            addCompoundEntries(c, document, out);
        }
        for (Unique u : uniques) {
            String token = uniqueToken(u, document);
            if (token != null) {
                out.add("u" + RedisKeys.unique(u.name()) + "\0" + token);
            }
        }
        return new ArrayList<>(out);
    }

    private static void addCompoundEntries(Compound c, Map<String, Object> document, Set<String> out) {
        List<Object> leading = new ArrayList<>();
        for (int k = 1; k < c.paths().size(); k++) {
            leading.add(value(document, c.paths().get(k - 1)));
            String base = c.prefixBase(leading);
            if (k >= 2) {
                out.add("s" + base + "e");
            }
            Object next = value(document, c.paths().get(k));
            switch (c.kinds().get(k)) {
                case NUMERIC:
                    out.add("n" + base + "n\0" + (next == null ? "-inf" : RedisValueEncoding.scorable(next) ? RedisValueEncoding.score(next) : "+inf"));
                    break;
                case LEXICAL:
                    out.add("l" + base + "\0" + (next == null ? "0" : RedisValueEncoding.sortable(next)));
                    break;
                default:
                    break; // lists and untyped values: the leading equality still uses the sets above
            }
        }
    }

    private static @Nullable Object value(Map<String, Object> document, String path) {
        Object v = DocumentPath.get(document, path);
        return v == DocumentPath.ABSENT ? null : v;
    }

    private static void addEntries(Field f, @Nullable Object v, Set<String> out) {
        String path = f.path();
        if (v == null) {
            if (f.kind() == Kind.NUMERIC) {
                out.add("n" + RedisKeys.numeric(path) + "\0-inf");
            }
            return;
        }
        out.add("s" + RedisKeys.present(path));
        out.add("s" + RedisKeys.eqSet(path, RedisValueEncoding.eqToken(v)));
        if (v instanceof List<?> list) {
            for (Object e : list) {
                if (e != null) {
                    out.add("s" + RedisKeys.containsSet(path, RedisValueEncoding.eqToken(e)));
                }
            }
        }
        switch (f.kind()) {
            case NUMERIC:
                out.add("n" + RedisKeys.numeric(path) + "\0" + (RedisValueEncoding.scorable(v) ? RedisValueEncoding.score(v) : "+inf"));
                break;
            case LEXICAL:
            case DYNAMIC:
                out.add("l" + RedisKeys.fieldBase(path) + "\0" + RedisValueEncoding.sortable(v));
                break;
            default:
                break;
        }
    }
}
