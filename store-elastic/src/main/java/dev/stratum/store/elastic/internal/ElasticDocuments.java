package dev.stratum.store.elastic.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.MappingException;
import dev.stratum.api.spi.DocumentPath;
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
        Long expireAt = expireAt(document, nowMillis);
        if (expireAt != null) {
            sidecar.put("expireAt", expireAt);
        }
        if (!sidecar.isEmpty()) {
            source.put(ElasticMapping.SIDECAR, sidecar);
        }
        return source;
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
