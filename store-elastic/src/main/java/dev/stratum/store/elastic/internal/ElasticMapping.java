package dev.stratum.store.elastic.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.stratum.api.EntityMetadata;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The explicit index mapping of an entity, derived from its Java types, and how each property path is
 * queried. Everything is mapped explicitly under {@code dynamic: strict}, so a document with a field
 * the entity does not declare is refused instead of growing the mapping:
 *
 * <ul>
 *   <li>String, enum, UUID, the id (String/UUID): {@code keyword} ({@code ignore_above: 8191}, so no
 *       value exceeds Lucene's 32 KiB term limit; a longer string is stored whole, and the field indexes its first
 *       8,191 characters, copied from the sidecar: {@link ElasticLongStrings});
 *       {@code @Indexed(text = true)} strings: {@code text} with a {@code kw} keyword sub-field used by
 *       every filter and sort;
 *   <li>integers and long ids: {@code long}; float, double, BigDecimal: {@code double} (a BigDecimal
 *       is kept as a string in {@code _source}, so every digit survives; outside lists, filters and sorts
 *       use its exact token in the sidecar);
 *   <li>Instant: {@code date} (ISO-8601, milliseconds); LocalDate: {@code date} ({@code strict_date});
 *       boolean; byte[]: {@code binary} (stored, not searchable);
 *   <li>records and POJOs: {@code object} with their properties, recursively; lists: their element's mapping;
 *   <li>{@code Map<String, V>} with a scalar V: a dynamic object whose keys all get V's mapping (a
 *       dynamic template); any other map ({@code Map<String, Object>}, maps of objects): {@code flattened}
 *       for storage, while filters and sorts use the sidecar's tokens of its values.
 * </ul>
 *
 * <p>A sidecar object {@code $stratum} (no entity property can start with {@code $}) holds what the
 * query DSL cannot see in the document itself: {@code lists.<property>}, the canonical JSON of each
 * top-level list (so {@code eq} on a whole list, and null versus empty list, are exact);
 * {@code v.<path>}, the sortable token ({@link dev.stratum.api.spi.ValueTokens}) of each BigDecimal
 * outside lists and of every value under an untyped map (exact order and equality, kinds kept apart);
 * {@code e.<path>}, the element tokens of lists under untyped maps ({@code contains});
 * {@code x.<path>}, {@code "1"} where a long outside lists is {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE} (the
 * second key of a sort on it, see {@link #extremesMarked}); {@code h.<path>}, the SHA-256 of each string longer than the
 * keyword limit at a string path ({@link #longStringField}: such a value is stored but not indexed); {@code p.<path>}, its
 * first 8,191 characters, copied to the path's own field so ranges, prefixes and sorts see it ({@link ElasticLongStrings}); and {@code expireAt}
 * (epoch ms) for entities with a TTL. It is stripped on read.
 */
public final class ElasticMapping {
    /** The sidecar object's field name. */
    public static final String SIDECAR = "$stratum";
    static final String TEXT_KEYWORD = "kw";
    private static final String TOKENS = "v";
    private static final String ELEMENTS = "e";
    /** Sidecar key: {@code "1"} per long path holding {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE} (a second sort key). */
    private static final String EXTREMES = "x";
    /** Sidecar key: JSON pointers of the values written as {@code 0.0} that were {@code -0.0} (not indexed). */
    static final String NEGATIVE_ZEROS = "z";
    /** Keyword values longer than this many characters are stored but not indexed (4 bytes a char stays under Lucene's term limit). */
    static final int IGNORE_ABOVE = 8191;
    /** Sidecar key: the SHA-256 of each string longer than {@link #IGNORE_ABOVE} at a string path (equality on it). */
    private static final String LONG_STRINGS = ElasticLongStrings.HASHES;
    private static final int MAX_DEPTH = 12;

    private final EntityMetadata<?> metadata;
    private final ObjectMapper json;
    private final Set<String> textFields;
    private final Set<String> topLevelLists = new LinkedHashSet<>();
    private final Set<String> flattened = new LinkedHashSet<>();
    private final Set<String> decimals = new LinkedHashSet<>();
    private final Set<String> untypedMaps = new LinkedHashSet<>();
    private final Set<String> longPaths = new LinkedHashSet<>();
    private final Set<String> longMaps = new LinkedHashSet<>();
    /** String property paths (keyword or text + kw), also in objects and lists, not in maps: their long values are hashed. */
    private final Map<String, String[]> stringPaths = new LinkedHashMap<>();
    private final List<Map<String, Object>> dynamicTemplates = new ArrayList<>();
    private final Map<String, Object> mapping;
    private final boolean floating;

    public ElasticMapping(EntityMetadata<?> metadata, ObjectMapper json, boolean ttl) {
        this.metadata = metadata;
        this.json = json;
        this.textFields = metadata.textFields();
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, Object> lists = new LinkedHashMap<>();
        for (Map.Entry<String, JavaType> p : metadata.properties().entrySet()) {
            String name = p.getKey();
            JavaType t = p.getValue();
            if (p.getKey().equals(metadata.idProperty())) {
                properties.put(name, Number.class.isAssignableFrom(box(t.getRawClass())) ? type("long") : keyword());
                continue;
            }
            properties.put(name, mappingOf(t, name, 0, false));
            if (isList(t)) {
                topLevelLists.add(name);
                lists.put(name, keyword());
            }
        }
        Map<String, Object> sidecar = new LinkedHashMap<>();
        if (!lists.isEmpty()) {
            sidecar.put("lists", Map.of("properties", lists));
        }
        if (ttl) {
            sidecar.put("expireAt", Map.of("type", "date", "format", "epoch_millis"));
        }
        if (!decimals.isEmpty() || !untypedMaps.isEmpty()) {
            sidecar.put(TOKENS, flattenedMapping());
        }
        if (!untypedMaps.isEmpty()) {
            sidecar.put(ELEMENTS, flattenedMapping());
        }
        if (!stringPaths.isEmpty()) {
            sidecar.put(LONG_STRINGS, flattenedMapping());
            sidecar.put(ElasticLongStrings.PREFIXES, ElasticLongStrings.prefixMapping(stringPaths));
        }
        if (!longPaths.isEmpty() || !longMaps.isEmpty()) {
            sidecar.put(EXTREMES, flattenedMapping());
        }
        this.floating = mentionsDouble(properties) || mentionsDouble(dynamicTemplates) || !untypedMaps.isEmpty();
        if (floating) {
            sidecar.put(NEGATIVE_ZEROS, disabled());
        }
        if (!sidecar.isEmpty()) {
            properties.put(SIDECAR, Map.of("properties", sidecar));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dynamic", "strict");
        m.put("date_detection", false);
        m.put("numeric_detection", false);
        if (!dynamicTemplates.isEmpty()) {
            m.put("dynamic_templates", dynamicTemplates);
        }
        m.put("properties", properties);
        this.mapping = m;
    }

    /** The mapping document ({@code {dynamic, properties, ...}}), as JSON-ready maps. */
    public Map<String, Object> mapping() {
        return mapping;
    }

    /**
     * Whether documents of this entity may hold a double or float (a {@code double} field, or an untyped
     * map): their {@code -0.0} values are indexed as {@code 0.0} and remembered in the sidecar.
     */
    public boolean floating() {
        return floating;
    }

    private static boolean mentionsDouble(Object mappingPart) {
        if (mappingPart instanceof Map<?, ?> m) {
            if ("double".equals(m.get("type")) || "float".equals(m.get("type"))) {
                return true;
            }
            return m.values().stream().anyMatch(ElasticMapping::mentionsDouble);
        }
        return mappingPart instanceof List<?> l && l.stream().anyMatch(ElasticMapping::mentionsDouble);
    }

    /** The index field that filters and sorts on {@code path} use ({@code path.kw} for text fields). */
    public String field(String path) {
        return textFields.contains(path) ? path + "." + TEXT_KEYWORD : path;
    }

    /** Whether {@code path} is a top-level list property (compared as a whole through the sidecar). */
    public boolean isTopLevelList(String path) {
        return topLevelLists.contains(path);
    }

    /** The top-level list properties. */
    public Set<String> topLevelLists() {
        return topLevelLists;
    }

    /** The sidecar field holding the canonical form of a top-level list. */
    public static String listField(String path) {
        return SIDECAR + ".lists." + path;
    }

    /** Whether {@code path} lies in a flattened (untyped) map, where values are compared as text. */
    public boolean inFlattened(String path) {
        for (String f : flattened) {
            if (path.startsWith(f + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether filters and sorts on {@code path} use its sortable token in the sidecar
     * ({@link #tokenField}): a BigDecimal outside lists, an untyped map or any path inside one.
     */
    public boolean tokenized(String path) {
        return decimals.contains(path) || untyped(path);
    }

    /** Whether {@code path} is an untyped map or lies in one (its lists' elements are in {@link #elementField}). */
    public boolean untyped(String path) {
        for (String m : untypedMaps) {
            if (path.equals(m) || path.startsWith(m + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The BigDecimal paths outside lists, whose sortable tokens the sidecar holds. */
    public Set<String> decimalPaths() {
        return decimals;
    }

    /** The untyped (flattened) map properties, whose every path the sidecar holds tokens of. */
    public Set<String> untypedMaps() {
        return untypedMaps;
    }

    /** The sidecar field with the sortable token of the value at {@code path} (exact order and equality). */
    public static String tokenField(String path) {
        return SIDECAR + "." + TOKENS + "." + path;
    }

    /** The sidecar field with the equality tokens of the elements of a list at an untyped {@code path}. */
    public static String elementField(String path) {
        return SIDECAR + "." + ELEMENTS + "." + path;
    }

    /**
     * The long paths outside lists ({@code Long}/{@code BigInteger} properties, also nested in objects) whose
     * extreme values the sidecar marks ({@link #extremeField}).
     */
    public Set<String> longPaths() {
        return longPaths;
    }

    /** The {@code Map<String, Long>} properties (dynamic objects of longs), whose entries are marked like long paths. */
    public Set<String> longMaps() {
        return longMaps;
    }

    /**
     * Whether a sort on {@code path} needs the extreme-value marker as its second key: Lucene sorts a missing long as
     * {@code Long.MIN_VALUE} (ascending with {@code missing: _first}, descending with {@code _last}; {@code Long.MAX_VALUE}
     * for the other two combinations), so a document holding that very value ties with the ones without it. The
     * marker, present only on documents holding an extreme value, orders exactly those ties (missing first
     * ascending, last descending) and nothing else.
     */
    public boolean extremesMarked(String path) {
        if (longPaths.contains(path)) {
            return true;
        }
        int dot = path.lastIndexOf('.');
        return dot > 0 && longMaps.contains(path.substring(0, dot));
    }

    /** The sidecar field marking that the long at {@code path} is {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}. */
    public static String extremeField(String path) {
        return SIDECAR + "." + EXTREMES + "." + path;
    }

    /**
     * The string property paths whose values longer than {@link #IGNORE_ABOVE} characters the sidecar holds the
     * SHA-256 of ({@link #longStringField}), each with its segments: such a value is stored but not indexed, so
     * {@code eq}, {@code in} and {@code contains} on it use the hash.
     */
    public Map<String, String[]> stringPaths() {
        return stringPaths;
    }

    /** Whether {@code path} is a string path whose long values are hashed in the sidecar. */
    public boolean hashesLongStrings(String path) {
        return stringPaths.containsKey(path);
    }

    /** Whether a value is a string too long to be indexed in a keyword field. */
    public static boolean tooLongToIndex(@Nullable Object value) {
        return value instanceof String s && s.length() > IGNORE_ABOVE;
    }

    /** The sidecar field with the SHA-256 of the long strings at {@code path}. */
    public static String longStringField(String path) {
        return SIDECAR + "." + LONG_STRINGS + "." + path;
    }

    /**
     * The sidecar field with the indexed prefix of the long strings at {@code path} ({@link ElasticLongStrings}), a keyword
     * copied to {@code path}'s own field.
     */
    public static String longStringPrefixField(String path) {
        return SIDECAR + "." + ElasticLongStrings.PREFIXES + "." + path;
    }

    /** The text fields ({@code match} targets). */
    public Set<String> textFields() {
        return textFields;
    }

    private static Map<String, Object> flattenedMapping() {
        return Map.of("type", "flattened", "ignore_above", IGNORE_ABOVE, "depth_limit", 50);
    }

    private Map<String, Object> mappingOf(JavaType t, String path, int depth, boolean inList) {
        Class<?> raw = box(t.getRawClass());
        if (isList(t)) {
            JavaType element = t.getContentType();
            return element == null ? disabled() : mappingOf(element, path, depth, true);
        }
        if (raw == String.class || raw == Character.class || CharSequence.class.isAssignableFrom(raw)) {
            if (!path.contains("*")) {
                stringPaths.put(path, path.split("\\."));
            }
            if (textFields.contains(path)) {
                Map<String, Object> text = new LinkedHashMap<>(type("text"));
                text.put("fields", Map.of(TEXT_KEYWORD, keyword()));
                return text;
            }
            return keyword();
        }
        if (raw.isEnum() || raw == UUID.class) {
            return keyword();
        }
        if (raw == Boolean.class) {
            return type("boolean");
        }
        if (raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class || raw == BigInteger.class) {
            if ((raw == Long.class || raw == BigInteger.class) && !inList) {
                longPaths.add(path);
            }
            return type("long");
        }
        if (raw == BigDecimal.class && !inList) {
            decimals.add(path);
        }
        if (raw == Double.class || raw == Float.class || raw == BigDecimal.class) {
            return type("double");
        }
        if (raw == Instant.class || raw == Date.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            return Map.of("type", "date", "format", "strict_date_optional_time||epoch_millis");
        }
        if (raw == LocalDate.class) {
            return Map.of("type", "date", "format", "strict_date");
        }
        if (raw == byte[].class) {
            return type("binary");
        }
        if (t.isMapLikeType()) {
            JavaType value = t.getContentType();
            if (value != null && isScalar(value)) {
                Class<?> v = box(value.getRawClass());
                if (v == Long.class || v == BigInteger.class) {
                    longMaps.add(path);
                }
                dynamicTemplates.add(Map.of("map_" + path, Map.of("path_match", path + ".*", "mapping", mappingOf(value, path + ".*", depth + 1, true))));
                return Map.of("type", "object", "dynamic", true);
            }
            flattened.add(path);
            if (!inList) {
                untypedMaps.add(path);
            }
            return flattenedMapping();
        }
        if (raw == Object.class || depth >= MAX_DEPTH || raw.isInterface()) {
            return disabled();
        }
        BeanDescription bean = json.getSerializationConfig().introspect(t);
        Map<String, Object> props = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (p.couldSerialize()) {
                props.put(p.getName(), mappingOf(p.getPrimaryType(), path + "." + p.getName(), depth + 1, inList));
            }
        }
        return props.isEmpty() ? disabled() : Map.of("type", "object", "properties", props);
    }

    private static boolean isScalar(JavaType t) {
        Class<?> raw = box(t.getRawClass());
        return raw == String.class || raw.isEnum() || raw == UUID.class || raw == Boolean.class || Number.class.isAssignableFrom(raw)
                || raw == Instant.class || raw == LocalDate.class;
    }

    static boolean isList(JavaType t) {
        return t.isCollectionLikeType() || (t.isArrayType() && t.getRawClass() != byte[].class);
    }

    private static Map<String, Object> keyword() {
        return Map.of("type", "keyword", "ignore_above", IGNORE_ABOVE);
    }

    private static Map<String, Object> type(String type) {
        return Map.of("type", type);
    }

    private static Map<String, Object> disabled() {
        return Map.of("type", "object", "enabled", false);
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) return Integer.class;
        if (c == long.class) return Long.class;
        if (c == double.class) return Double.class;
        if (c == float.class) return Float.class;
        if (c == boolean.class) return Boolean.class;
        if (c == short.class) return Short.class;
        if (c == byte.class) return Byte.class;
        return Character.class;
    }

    @Override
    public String toString() {
        return "ElasticMapping[" + metadata.type().getSimpleName() + "]";
    }
}
