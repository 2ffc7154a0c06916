package dev.stratum.store.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.MappingException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * JSON form of documents on Redis. Written from the neutral document: instants and dates as ISO-8601
 * strings, UUIDs as strings, BigDecimals as strings (so every digit and the scale survive), byte
 * arrays as Base64. Read either straight into the entity (the mapper decodes those forms leniently)
 * or back into a neutral document, typed by the entity's properties so that instants are
 * {@link Instant}s again (needed for keyset cursors and client-side filters).
 */
public final class RedisDocumentCodec {
    private final ObjectMapper json;
    /** Reads JSON into a LinkedHashMap (resolved once, not per document). */
    private final ObjectReader mapReader;
    private final EntityMetadata<?> metadata;
    private final Map<Class<?>, Map<String, JavaType>> beanProperties = new ConcurrentHashMap<>();

    public RedisDocumentCodec(EntityMapper mapper, EntityMetadata<?> metadata) {
        this.json = mapper.objectMapper().copy().registerModule(new SimpleModule("stratum-redis-json")
                .addSerializer(BigDecimal.class, ToStringSerializer.instance));
        this.mapReader = json.readerFor(LinkedHashMap.class);
        this.metadata = metadata;
    }

    /** The JSON bytes of a neutral document. */
    public byte[] encode(Map<String, Object> document) {
        try {
            return json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new MappingException("cannot encode " + metadata.type().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The entity held by stored JSON. */
    public <T> T decodeEntity(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new MappingException("cannot decode " + type.getName() + " from its Redis JSON: " + e.getMessage(), e);
        }
    }

    /** The stored JSON as a neutral document typed by the entity's properties. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> decodeNeutral(byte[] bytes) {
        Map<String, Object> raw;
        try {
            raw = mapReader.readValue(bytes);
        } catch (IOException e) {
            throw new MappingException("cannot decode " + metadata.type().getName() + " from its Redis JSON: " + e.getMessage(), e);
        }
        Map<String, JavaType> props = metadata.properties();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            JavaType t = props.get(e.getKey());
            if (t != null && e.getValue() != null) {
                e.setValue(convert(e.getValue(), t));
            }
        }
        return raw;
    }

    @SuppressWarnings("unchecked")
    private @Nullable Object convert(@Nullable Object v, JavaType t) {
        if (v == null) {
            return null;
        }
        Class<?> raw = t.getRawClass();
        try {
            if (raw == Instant.class) {
                if (v instanceof String s) return Instant.parse(s);
                if (v instanceof Number n) return Instant.ofEpochMilli(n.longValue());
                return v;
            }
            if (raw == LocalDate.class && v instanceof String s) {
                return s.length() > 10 ? LocalDate.ofInstant(Instant.parse(s), ZoneOffset.UTC) : LocalDate.parse(s);
            }
            if (raw == UUID.class && v instanceof String s) {
                return UUID.fromString(s);
            }
            if (raw == BigDecimal.class) {
                if (v instanceof String s) return new BigDecimal(s);
                if (v instanceof Double d) return BigDecimal.valueOf(d);
                if (v instanceof Integer || v instanceof Long) return BigDecimal.valueOf(((Number) v).longValue());
                return v;
            }
            if (raw == byte[].class && v instanceof String s) {
                return Base64.getDecoder().decode(s);
            }
            if ((raw == long.class || raw == Long.class) && v instanceof Integer i) {
                return i.longValue();
            }
            if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
                if (v instanceof Number n && !(v instanceof Double)) return n.doubleValue();
                if (v instanceof String s) return Double.valueOf(s);
                return v;
            }
        } catch (RuntimeException e) {
            return v; // leave it as stored: the mapper will report it if the entity cannot take it
        }
        if ((t.isCollectionLikeType() || t.isArrayType()) && v instanceof List<?> list) {
            JavaType content = t.getContentType();
            if (content == null || content.getRawClass() == Object.class) {
                return v;
            }
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(convert(o, content));
            }
            return out;
        }
        if (t.isMapLikeType() && v instanceof Map<?, ?> m) {
            JavaType content = t.getContentType();
            if (content.getRawClass() == Object.class) {
                return v;
            }
            Map<String, Object> map = (Map<String, Object>) m;
            map.replaceAll((k, o) -> convert(o, content));
            return map;
        }
        if (v instanceof Map<?, ?> m && isBean(raw)) {
            Map<String, JavaType> props = beanProperties.computeIfAbsent(raw, c -> introspect(t));
            Map<String, Object> map = (Map<String, Object>) m;
            map.replaceAll((k, o) -> {
                JavaType pt = props.get(k);
                return pt == null ? o : convert(o, pt);
            });
            return map;
        }
        return v;
    }

    private static boolean isBean(Class<?> raw) {
        return !(raw.isPrimitive() || raw.isEnum() || raw.getName().startsWith("java.") || raw == Object.class);
    }

    private Map<String, JavaType> introspect(JavaType t) {
        BeanDescription bean = json.getSerializationConfig().introspect(t);
        Map<String, JavaType> out = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            out.put(p.getName(), p.getPrimaryType());
        }
        return out;
    }
}
