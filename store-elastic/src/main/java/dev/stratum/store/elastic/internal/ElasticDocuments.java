package dev.stratum.store.elastic.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.MappingException;
import dev.stratum.api.spi.DocumentPath;
import dev.stratum.api.spi.ValueTokens;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Neutral documents to {@code _source} and back. The JSON forms are the store-wide mapper's (instants
 * and dates as ISO-8601 strings, UUIDs as strings, BigDecimals as strings, byte arrays as Base64); the
 * entity mapper decodes them leniently. Adds and strips the {@link ElasticMapping#SIDECAR} object.
 */
public final class ElasticDocuments {
    private static final int MAX_TOKEN = 512;
    private final ObjectMapper json;
    private final ElasticMapping mapping;
    private final long entityTtlMillis;
    private final Map<String, Long> fieldTtlMillis = new LinkedHashMap<>();
    private final boolean streamed;
    /** Top-level properties of type {@code Instant} ({@code true}) and {@code LocalDate} ({@code false}), id excluded. */
    private final String[] datePaths;
    private final boolean[] dateIsInstant;

    public ElasticDocuments(ObjectMapper json, ElasticMapping mapping, EntityMetadata<?> metadata) {
        this.json = json;
        this.mapping = mapping;
        this.streamed = ElasticJson.sameAsMapper(json);
        this.entityTtlMillis = metadata.ttlSeconds() * 1000;
        List<String> paths = new ArrayList<>();
        List<Boolean> instants = new ArrayList<>();
        for (Map.Entry<String, JavaType> p : metadata.properties().entrySet()) {
            Class<?> raw = p.getValue().getRawClass();
            if (!p.getKey().equals(metadata.idProperty()) && (raw == Instant.class || raw == LocalDate.class)) {
                paths.add(p.getKey());
                instants.add(raw == Instant.class);
            }
        }
        this.datePaths = paths.toArray(new String[0]);
        this.dateIsInstant = new boolean[paths.size()];
        for (int i = 0; i < dateIsInstant.length; i++) {
            dateIsInstant[i] = instants.get(i);
        }
        for (IndexDefinition i : metadata.indexes()) {
            if (i.ttlSeconds() > 0) {
                fieldTtlMillis.put(i.fields().get(0).path(), i.ttlSeconds() * 1000);
            }
        }
    }

    /** Whether documents of this entity expire. */
    public boolean hasTtl() {
        return entityTtlMillis > 0 || !fieldTtlMillis.isEmpty();
    }

    /** The {@code _source} of a neutral document written at {@code nowMillis}. */
    public ElasticSource toSource(Map<String, Object> document, long nowMillis) {
        List<String> negativeZeros = new ArrayList<>(0);
        // the pointer-building walk only for the rare document that holds a -0.0 (a cheap allocation-free scan first)
        if (mapping.floating() && hasNegativeZero(document)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> positive = (Map<String, Object>) Objects.requireNonNull(positiveZeros(document, "", negativeZeros),
                    "a map stays a map");
            document = positive;
        }
        ElasticSource source = new ElasticSource(document, 1, json, streamed);
        Map<String, Object> sidecar = new LinkedHashMap<>();
        if (!negativeZeros.isEmpty()) {
            sidecar.put(ElasticMapping.NEGATIVE_ZEROS, negativeZeros);
        }
        if (!mapping.topLevelLists().isEmpty()) {
            Map<String, Object> lists = new LinkedHashMap<>();
            for (String p : mapping.topLevelLists()) {
                Object v = document.get(p);
                if (v != null) {
                    lists.put(p, listKey(canonical(v)));
                }
            }
            if (!lists.isEmpty()) {
                sidecar.put("lists", lists);
            }
        }
        if (!mapping.decimalPaths().isEmpty() || !mapping.untypedMaps().isEmpty()) {
            Map<String, Object> tokens = new LinkedHashMap<>();
            Map<String, Object> elements = new LinkedHashMap<>();
            for (String p : mapping.decimalPaths()) {
                if (DocumentPath.get(document, p) instanceof Number n) {
                    tokens.put(p, ValueTokens.sortable(n));
                }
            }
            for (String p : mapping.untypedMaps()) {
                addTokens(p, DocumentPath.get(document, p), tokens, elements);
            }
            if (!tokens.isEmpty()) {
                sidecar.put("v", tokens);
            }
            if (!elements.isEmpty()) {
                sidecar.put("e", elements);
            }
        }
        if (!mapping.stringPaths().isEmpty()) {
            ElasticLongStrings.addTo(document, mapping.stringPaths(), sidecar);
        }
        Map<String, Object> extremes = extremes(document);
        if (!extremes.isEmpty()) {
            sidecar.put("x", extremes);
        }
        Long expireAt = expireAt(document, nowMillis);
        if (expireAt != null) {
            sidecar.put("expireAt", expireAt);
        }
        if (!sidecar.isEmpty()) {
            source.put(ElasticMapping.SIDECAR, sidecar);
        }
        return source;
    }

    /** The hex SHA-256 of a text's UTF-8 bytes. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sidecar form of a list's canonical JSON: the JSON itself, or {@code #} and its SHA-256 when it is longer than
     * the keyword limit (it would be stored but not indexed, so {@code eq} and {@code exists} would miss it).
     */
    public static String listKey(String canonical) {
        return canonical.length() > ElasticMapping.IGNORE_ABOVE ? "#" + sha256(canonical) : canonical;
    }

    /** {@code "1"} per long path (and entry of a map of longs) holding {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}. */
    private Map<String, Object> extremes(Map<String, Object> document) {
        if (mapping.longPaths().isEmpty() && mapping.longMaps().isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>(0);
        for (String p : mapping.longPaths()) {
            if (extreme(DocumentPath.get(document, p))) {
                out.put(p, "1");
            }
        }
        for (String p : mapping.longMaps()) {
            if (DocumentPath.get(document, p) instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (extreme(e.getValue())) {
                        out.put(p + "." + e.getKey(), "1");
                    }
                }
            }
        }
        return out;
    }

    private static boolean extreme(@Nullable Object v) {
        if (v instanceof Long l) {
            return l == Long.MIN_VALUE || l == Long.MAX_VALUE;
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() == 63 && (b.signum() > 0 ? b.longValue() == Long.MAX_VALUE : b.longValue() == Long.MIN_VALUE);
        }
        return false;
    }

    /** The tokens of an untyped value and of every value under it through maps (lists are one value; their elements go to {@code elements}). */
    private static void addTokens(String path, @Nullable Object value, Map<String, Object> tokens, Map<String, Object> elements) {
        if (value == null || value == DocumentPath.ABSENT) {
            return;
        }
        tokens.put(path, token(value));
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                addTokens(path + "." + e.getKey(), e.getValue(), tokens, elements);
            }
        } else if (value instanceof List<?> l) {
            List<String> members = new ArrayList<>(l.size());
            for (Object o : l) {
                if (o != null) {
                    members.add(token(o));
                }
            }
            if (!members.isEmpty()) {
                elements.put(path, members);
            }
        }
    }

    /**
     * The sortable token of a non-null neutral value as the sidecar holds it ({@link ValueTokens#sortable});
     * a long token of a list, map or byte array (which only equality looks at) is replaced by its tag and
     * SHA-256, so it stays under the keyword length limit.
     */
    public static String token(Object value) {
        String t = ValueTokens.sortable(value);
        if (t.length() <= MAX_TOKEN || ValueTokens.rankTag(value) <= '6') {
            return t;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(t.getBytes(StandardCharsets.UTF_8));
            return ValueTokens.rankTag(value) + "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private @Nullable Long expireAt(Map<String, Object> document, long nowMillis) {
        Long at = entityTtlMillis > 0 ? nowMillis + entityTtlMillis : null;
        for (Map.Entry<String, Long> e : fieldTtlMillis.entrySet()) {
            if (DocumentPath.get(document, e.getKey()) instanceof Instant i) {
                long t = i.toEpochMilli() + e.getValue();
                at = at == null ? t : Math.min(at, t);
            }
        }
        return at;
    }

    /** Whether a value holds a {@code -0.0} (double or float) at any depth through maps and lists. */
    private static boolean hasNegativeZero(@Nullable Object value) {
        // the common leaves first, each one exact-class compare, before the interface tests of maps and lists
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            return false;
        }
        if (value instanceof Double d) {
            return d == 0.0 && Double.doubleToRawLongBits(d) != 0L;
        }
        if (value instanceof Float f) {
            return f == 0.0f && Float.floatToRawIntBits(f) != 0;
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (hasNegativeZero(v)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                if (hasNegativeZero(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The canonical text of a whole list value, as stored in the sidecar and compared by {@code eq}: the store's
     * JSON. A list of plain strings (no character JSON escapes), ints and longs is written here directly, with the
     * exact text Jackson writes for it (one {@code saveAll} of 1,000 documents wrote a list each through the mapper);
     * anything else goes through the mapper.
     */
    public String canonical(Object list) {
        if (list instanceof List<?> l) {
            String plain = plainJson(l);
            if (plain != null) {
                return plain;
            }
        }
        try {
            return json.writeValueAsString(list instanceof List ? list : List.of(list));
        } catch (JsonProcessingException e) {
            throw new MappingException("cannot encode a list value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Jackson's text of a list of plain strings, ints and longs; null for any other list. */
    private static @Nullable String plainJson(List<?> list) {
        StringBuilder out = new StringBuilder(16 * list.size() + 2).append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = list.get(i);
            if (v instanceof String text) {
                for (int k = 0; k < text.length(); k++) {
                    char c = text.charAt(k);
                    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                        return null; // escapes, and non-ASCII (a mapper may be set to escape it): the mapper's business
                    }
                }
                out.append('"').append(text).append('"');
            } else if (v instanceof Integer || v instanceof Long) {
                out.append(v);
            } else {
                return null;
            }
        }
        return out.append(']').toString();
    }

    /**
     * {@code value} with every {@code -0.0} (double or float, at any depth through maps and lists) replaced by
     * {@code 0.0}, the JSON pointer of each replaced value added to {@code pointers} (when not null); the
     * value itself when it holds none. Elasticsearch's points and doc values order {@code -0.0 < 0.0} while
     * the contract (ValueOrder) holds them equal, so only the positive zero is ever indexed or queried.
     */
    public static @Nullable Object positiveZeros(@Nullable Object value, String pointer, @Nullable List<String> pointers) {
        if (value instanceof Double d && d == 0.0 && Double.doubleToRawLongBits(d) != 0L) {
            if (pointers != null) {
                pointers.add(pointer);
            }
            return 0.0d;
        }
        if (value instanceof Float f && f == 0.0f && Float.floatToRawIntBits(f) != 0) {
            if (pointers != null) {
                pointers.add(pointer);
            }
            return 0.0f;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = null;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object v = e.getValue();
                Object p = positiveZeros(v, pointer + "/" + escape(String.valueOf(e.getKey())), pointers);
                if (p != v && out == null) {
                    out = new LinkedHashMap<>(m);
                }
                if (out != null) {
                    out.put(e.getKey(), p);
                }
            }
            return out == null ? value : out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = null;
            for (int i = 0; i < l.size(); i++) {
                Object v = l.get(i);
                Object p = positiveZeros(v, pointer + "/" + i, pointers);
                if (p != v && out == null) {
                    out = new ArrayList<>(l);
                }
                if (out != null) {
                    out.set(i, p);
                }
            }
            return out == null ? value : out;
        }
        return value;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }

    /** The neutral-ish document of a {@code _source}: the sidecar removed, values in their JSON forms, {@code -0.0} restored. */
    public static Map<String, Object> fromSource(Map<String, Object> source) {
        if (source.remove(ElasticMapping.SIDECAR) instanceof Map<?, ?> sidecar
                && sidecar.get(ElasticMapping.NEGATIVE_ZEROS) instanceof List<?> pointers) {
            for (Object p : pointers) {
                restoreNegativeZero(source, String.valueOf(p));
            }
        }
        return source;
    }

    /**
     * {@code document} (a stored {@code _source} after {@link #fromSource}, about to be decoded into the entity) with
     * the ISO texts of its top-level {@code Instant} and {@code LocalDate} properties turned into those values, which
     * the mapper takes as they are: the mapper would parse the same texts with {@code DateTimeFormatter}, at several
     * times the cost. Texts of another form are left to the mapper. Only for decoding: other readers of stored
     * documents (cursors, aggregation, unique keys) keep the texts.
     */
    public Map<String, Object> withDates(Map<String, Object> document) {
        Map<String, Object> out = document;
        for (int i = 0; i < datePaths.length; i++) {
            if (out.get(datePaths[i]) instanceof String text) {
                Object value = dateIsInstant[i] ? ElasticJson.parseInstant(text) : ElasticJson.parseDate(text);
                if (value != null) {
                    if (!(out instanceof LinkedHashMap)) {
                        out = new LinkedHashMap<>(out);
                    }
                    out.put(datePaths[i], value);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void restoreNegativeZero(Map<String, Object> source, String pointer) {
        String[] segments = pointer.substring(1).split("/", -1);
        Object at = source;
        for (int i = 0; i < segments.length; i++) {
            String segment = unescape(segments[i]);
            boolean last = i == segments.length - 1;
            if (at instanceof Map<?, ?> m) {
                Map<String, Object> map = (Map<String, Object>) m;
                if (last) {
                    if (map.get(segment) instanceof Number n && n.doubleValue() == 0.0) {
                        map.put(segment, -0.0d);
                    }
                    return;
                }
                at = map.get(segment);
            } else if (at instanceof List<?> l) {
                int index;
                try {
                    index = Integer.parseInt(segment);
                } catch (NumberFormatException e) {
                    return;
                }
                if (index < 0 || index >= l.size()) {
                    return;
                }
                if (last) {
                    if (l.get(index) instanceof Number n && n.doubleValue() == 0.0) {
                        ((List<Object>) l).set(index, -0.0d);
                    }
                    return;
                }
                at = l.get(index);
            } else {
                return;
            }
        }
    }

    /** Whether a {@code _source} (sidecar still present) has expired at {@code nowMillis}. */
    @SuppressWarnings("unchecked")
    public static boolean expired(Map<String, Object> source, long nowMillis) {
        if (source.get(ElasticMapping.SIDECAR) instanceof Map<?, ?> sidecar && sidecar.get("expireAt") instanceof Number n) {
            return n.longValue() <= nowMillis;
        }
        return false;
    }
}
