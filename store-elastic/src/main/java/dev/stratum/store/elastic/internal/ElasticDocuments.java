package dev.stratum.store.elastic.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.MappingException;
import dev.stratum.api.spi.DocumentPath;
import dev.stratum.api.spi.ValueTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    public ElasticDocuments(ObjectMapper json, ElasticMapping mapping, EntityMetadata<?> metadata) {
        this.json = json;
        this.mapping = mapping;
        this.entityTtlMillis = metadata.ttlSeconds() * 1000;
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
    public Map<String, Object> toSource(Map<String, Object> document, long nowMillis) {
        Map<String, Object> source = new LinkedHashMap<>(document);
        Map<String, Object> sidecar = new LinkedHashMap<>();
        if (!mapping.topLevelLists().isEmpty()) {
            Map<String, Object> lists = new LinkedHashMap<>();
            for (String p : mapping.topLevelLists()) {
                Object v = document.get(p);
                if (v != null) {
                    lists.put(p, canonical(v));
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
        Long expireAt = expireAt(document, nowMillis);
        if (expireAt != null) {
            sidecar.put("expireAt", expireAt);
        }
        if (!sidecar.isEmpty()) {
            source.put(ElasticMapping.SIDECAR, sidecar);
        }
        return source;
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

    /** The canonical text of a whole list value, as stored in the sidecar and compared by {@code eq}. */
    public String canonical(Object list) {
        try {
            return json.writeValueAsString(list instanceof List ? list : List.of(list));
        } catch (JsonProcessingException e) {
            throw new MappingException("cannot encode a list value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The neutral-ish document of a {@code _source}: the sidecar removed, values in their JSON forms. */
    public static Map<String, Object> fromSource(Map<String, Object> source) {
        source.remove(ElasticMapping.SIDECAR);
        return source;
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
