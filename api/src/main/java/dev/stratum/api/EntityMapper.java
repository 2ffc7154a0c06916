package dev.stratum.api;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.stratum.api.internal.DirectCodec;
import dev.stratum.api.internal.DirectCodecFactory;
import dev.stratum.api.internal.TokenTrees;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts entities (records and POJOs) to Stratum's neutral document form and back, with Jackson.
 *
 * <p>The neutral document is a {@code Map<String, Object>} whose values are only: {@code null},
 * {@code String}, {@code Boolean}, {@code Integer}, {@code Long}, {@code Double}, {@link BigDecimal},
 * {@link Instant} (truncated to milliseconds, the precision every store keeps), {@link LocalDate},
 * {@link UUID}, {@code byte[]}, {@code List<Object>} and {@code Map<String, Object>}. Enums become
 * their names. Each store converts this tree to its native form (BSON, JSON, Firestore maps).
 *
 * <p>Reading is lenient so that every store's native form decodes: instants also from ISO strings,
 * epoch milliseconds and {@link Date}; dates from ISO strings and instants; UUIDs from strings;
 * byte arrays from Base64; decimals from strings. Unknown stored properties are ignored (so adding
 * a field in a migration breaks no reader).
 *
 * <pre>{@code
 * EntityMapper mapper = EntityMapper.defaults();
 * Map<String, Object> doc = mapper.toDocument(task);
 * Task back = mapper.fromDocument(doc, Task.class);
 * }</pre>
 *
 * <p>Customise Jackson (extra modules, naming) with {@link #create(Consumer)}; the neutral-type
 * handling is applied after your customisation.
 *
 * <h2>Direct codecs</h2>
 * Jackson defines the mapping, but records, annotated records and POJOs are not mapped through Jackson's
 * token stream: for each type, once, the mapper builds a direct codec from the properties, names, order,
 * inclusion and creator that Jackson resolved for it (so {@code @JsonProperty} renames, {@code @JsonIgnore},
 * {@code @JsonCreator} constructors, naming strategies and property order are honoured exactly), which
 * then encodes and decodes with method handles at a small multiple of a hand-written mapper. A type with
 * anything unusual (custom serializers, polymorphic typing, views, aliases, any-setters, a customised
 * serializer for a value type…) stays on Jackson's path; {@link #mappedByJackson()} lists those types and
 * why. At run time, a stored value the codec does not convert (an {@code int} stored as text, say) makes
 * that one document go through Jackson: such a <em>fallback</em> is counted ({@link #fallbackCount()}),
 * logged at WARN on its first occurrence per type, and with the system property
 * {@value #STRICT_PROPERTY}{@code =true} (which the test suites and compatibility kits set) it throws
 * {@link IllegalStateException} whenever Jackson then succeeds where the codec gave up, so that a gap in
 * the codec fails a test instead of showing up as a slowdown. A codec never swallows an error: what the
 * entity's own code throws is a {@link MappingException}, as on Jackson's path.
 */
public final class EntityMapper {
    /** System property: {@code true} makes a direct codec's fallback to Jackson an error (for tests). */
    public static final String STRICT_PROPERTY = "stratum.mapping.strict";

    private static final Logger LOG = LoggerFactory.getLogger(EntityMapper.class);
    private static final EntityMapper DEFAULTS = new EntityMapper(configured(m -> {}), null, true);

    private final ObjectMapper mapper;
    private final Map<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    private final @Nullable DirectCodecFactory codecFactory;
    private final Map<Class<?>, Optional<DirectCodec>> codecs = new ConcurrentHashMap<>();
    private final Map<Class<?>, String> jacksonTypes = new ConcurrentHashMap<>();
    private final Map<Class<?>, Boolean> fallenBack = new ConcurrentHashMap<>();
    private final LongAdder fallbacks = new LongAdder();
    /** The last type's codec: most calls in a row are for one entity type, and this skips the map lookup. */
    private volatile @Nullable Last last;

    private record Last(Class<?> type, DirectCodec codec) {}

    private EntityMapper(ObjectMapper mapper, @Nullable ObjectMapper baseline, boolean direct) {
        this.mapper = mapper;
        this.codecFactory = direct ? new DirectCodecFactory(mapper, baseline) : null;
    }

    /** The shared default mapper. */
    public static EntityMapper defaults() {
        return DEFAULTS;
    }

    /**
     * A mapper whose Jackson {@link ObjectMapper} is first passed to {@code customizer}. Direct codecs
     * follow the customised configuration (a naming strategy, say); a type or value type the
     * customisation changes in a way the codecs do not reproduce (a module's serializer for
     * {@code Instant}, default typing, {@code FAIL_ON_UNKNOWN_PROPERTIES}, a mix-in) stays on Jackson's path.
     */
    public static EntityMapper create(Consumer<ObjectMapper> customizer) {
        return new EntityMapper(configured(customizer), DEFAULTS.mapper, true);
    }

    /**
     * This mapper's configuration with direct codecs on or off: off maps every type through Jackson's
     * token stream (the reference the direct codecs are tested against; also a switch should a codec
     * ever be suspected).
     */
    public EntityMapper withDirectCodecs(boolean enabled) {
        return new EntityMapper(mapper, this == DEFAULTS ? null : DEFAULTS.mapper, enabled);
    }

    /** How many documents a direct codec left to Jackson since this mapper was made (see the class doc). */
    public long fallbackCount() {
        return fallbacks.sum();
    }

    /** The types met so far that Jackson maps because no direct codec reproduces them, with the reason. */
    public Map<Class<?>, String> mappedByJackson() {
        return Map.copyOf(jacksonTypes);
    }

    private static ObjectMapper configured(Consumer<ObjectMapper> customizer) {
        JsonMapper m = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
                .build();
        customizer.accept(m);
        m.registerModule(neutralTypes());
        return m;
    }

    private @Nullable DirectCodec codec(Class<?> type) {
        DirectCodecFactory factory = codecFactory;
        if (factory == null) {
            return null;
        }
        Last l = last;
        if (l != null && l.type == type) {
            return l.codec;
        }
        Optional<DirectCodec> known = codecs.get(type);
        if (known == null) {
            if (type.isPrimitive() || type.isArray() || type.isInterface() || type.isEnum() || Map.class.isAssignableFrom(type)
                    || Collection.class.isAssignableFrom(type)) {
                return null;
            }
            DirectCodecFactory.Result r = factory.build(type); // once per type, outside the map's lock
            if (r.codec() == null) {
                jacksonTypes.put(type, r.reason());
                LOG.debug("{} is mapped by Jackson: {}", type.getName(), r.reason());
            }
            known = codecs.computeIfAbsent(type, t -> Optional.ofNullable(r.codec()));
        }
        DirectCodec codec = known.orElse(null);
        if (codec != null) {
            last = new Last(type, codec);
        }
        return codec;
    }

    /** A document the codec left to Jackson: counted, logged once per type, an error in strict mode if Jackson copes. */
    private void fellBack(Class<?> type, String operation, DirectCodec.Fallback f) {
        fallbacks.increment();
        if (fallenBack.putIfAbsent(type, Boolean.TRUE) == null) {
            LOG.warn("direct codec of {} left a document to Jackson on {} ({}); further fallbacks for this type are only counted",
                    type.getName(), operation, f.getMessage());
        }
    }

    private static IllegalStateException strictFailure(Class<?> type, String operation, DirectCodec.Fallback f) {
        return new IllegalStateException("direct codec of " + type.getName() + " fell back to Jackson on " + operation + " ("
                + f.getMessage() + ") and Jackson succeeded: a gap in the codec (" + STRICT_PROPERTY + "=true)", f);
    }

    /** The underlying Jackson mapper (for stores that need JSON, e.g. Redis and Elasticsearch). */
    public ObjectMapper objectMapper() {
        return mapper;
    }

    /** Encodes an entity as a neutral document. @throws MappingException if Jackson cannot */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toDocument(Object entity) {
        DirectCodec codec = codec(entity.getClass());
        DirectCodec.Fallback fallback = null;
        if (codec != null) {
            try {
                return codec.encode(entity);
            } catch (DirectCodec.Fallback f) {
                fellBack(entity.getClass(), "encode", f);
                fallback = f;
            } catch (RuntimeException e) {
                throw new MappingException("cannot encode " + entity.getClass().getName() + ": " + rootMessage(e), e);
            }
        }
        Map<String, Object> viaJackson = jacksonEncode(entity);
        if (fallback != null && Boolean.getBoolean(STRICT_PROPERTY)) {
            throw strictFailure(entity.getClass(), "encode", fallback);
        }
        return viaJackson;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> jacksonEncode(Object entity) {
        // Serialise into a token buffer and read the tokens straight into maps: no JSON text, no
        // untyped-deserializer dispatch (about twice as fast as convertValue).
        try (TokenBuffer buf = new TokenBuffer(mapper, false)) {
            writers.computeIfAbsent(entity.getClass(), mapper::writerFor).writeValue(buf, entity);
            try (JsonParser p = buf.asParser(mapper)) {
                JsonToken t = p.nextToken();
                if (t != JsonToken.START_OBJECT) {
                    throw new MappingException("cannot encode " + entity.getClass().getName() + ": it does not serialise as an object");
                }
                return (Map<String, Object>) Objects.requireNonNull(TokenTrees.read(p, t), "an object reads as a map");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new MappingException("cannot encode " + entity.getClass().getName() + ": " + rootMessage(e), e);
        }
    }

    /** Decodes a neutral (or store-native, see class doc) document. @throws MappingException if it does not fit */
    public <T> T fromDocument(Map<String, ?> document, Class<T> type) {
        DirectCodec codec = codec(type);
        DirectCodec.Fallback fallback = null;
        if (codec != null) {
            try {
                return type.cast(codec.decode(document));
            } catch (DirectCodec.Fallback f) {
                fellBack(type, "decode", f);
                fallback = f;
            } catch (RuntimeException e) {
                throw new MappingException("cannot decode " + type.getName() + ": " + rootMessage(e), e);
            }
        }
        T viaJackson = jacksonDecode(document, type);
        if (fallback != null && Boolean.getBoolean(STRICT_PROPERTY)) {
            throw strictFailure(type, "decode", fallback);
        }
        return viaJackson;
    }

    private <T> T jacksonDecode(Map<String, ?> document, Class<T> type) {
        try (TokenBuffer buf = new TokenBuffer(mapper, false)) {
            TokenTrees.write(buf, document);
            try (JsonParser p = buf.asParser(mapper)) {
                p.nextToken();
                return readers.computeIfAbsent(type, mapper::readerFor).readValue(p);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new MappingException("cannot decode " + type.getName() + ": " + rootMessage(e), e);
        }
    }

    /**
     * Converts a single value (a query value, an id) to its neutral form: enums to names, instants
     * truncated, collections element-wise, records and POJOs to maps.
     */
    public @Nullable Object toValue(@Nullable Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof BigDecimal
                || value instanceof LocalDate || value instanceof UUID || value instanceof byte[]) {
            return value;
        }
        if (value instanceof Instant i) {
            return i.truncatedTo(ChronoUnit.MILLIS);
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(toValue(o));
            }
            return out;
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        try {
            return mapper.convertValue(value, Object.class);
        } catch (IllegalArgumentException e) {
            throw new MappingException("cannot encode value of " + value.getClass().getName() + ": " + rootMessage(e), e);
        }
    }

    /** Converts a neutral value to the Java type of a property (used for ids). */
    @SuppressWarnings("TypeParameterUnusedInFormals") // public signature kept: callers bind V at the call site
    public <V> V fromValue(Object value, JavaType type) {
        try {
            return mapper.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new MappingException("cannot convert value to " + type.toCanonical() + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    // ------------------------------------------------------------------ neutral scalar handling

    private static SimpleModule neutralTypes() {
        SimpleModule module = new SimpleModule("stratum-neutral-types");
        module.addSerializer(Instant.class, new EmbeddingSerializer<>(Instant.class, i -> i.truncatedTo(ChronoUnit.MILLIS)));
        module.addSerializer(LocalDate.class, new EmbeddingSerializer<>(LocalDate.class, d -> d));
        module.addSerializer(UUID.class, new EmbeddingSerializer<>(UUID.class, u -> u));
        module.addDeserializer(Instant.class, new LenientDeserializer<>(Instant.class) {
            @Override
            Instant convert(Object v) {
                if (v instanceof Instant i) return i;
                if (v instanceof Date d) return d.toInstant();
                if (v instanceof Number n) return Instant.ofEpochMilli(n.longValue());
                if (v instanceof LocalDate d) return d.atStartOfDay(ZoneOffset.UTC).toInstant();
                return Instant.parse(v.toString());
            }
        });
        module.addDeserializer(LocalDate.class, new LenientDeserializer<>(LocalDate.class) {
            @Override
            LocalDate convert(Object v) {
                if (v instanceof LocalDate d) return d;
                if (v instanceof Instant i) return LocalDate.ofInstant(i, ZoneOffset.UTC);
                if (v instanceof Date d) return LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC);
                String s = v.toString();
                return s.length() > 10 ? LocalDate.ofInstant(Instant.parse(s), ZoneOffset.UTC) : LocalDate.parse(s);
            }
        });
        module.addDeserializer(UUID.class, new LenientDeserializer<>(UUID.class) {
            @Override
            UUID convert(Object v) {
                if (v instanceof UUID u) return u;
                return UUID.fromString(v.toString());
            }
        });
        module.addDeserializer(BigDecimal.class, new LenientDeserializer<>(BigDecimal.class) {
            @Override
            BigDecimal convert(Object v) {
                if (v instanceof BigDecimal b) return b;
                if (v instanceof Double || v instanceof Float) return BigDecimal.valueOf(((Number) v).doubleValue());
                if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                    return BigDecimal.valueOf(((Number) v).longValue());
                }
                if (v instanceof BigInteger b) return new BigDecimal(b);
                // any other Number (a driver's Decimal128, say) keeps its exact digits through its text form
                try {
                    return new BigDecimal(v.toString());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a decimal number: " + v.getClass().getSimpleName() + " '" + v + "'", e);
                }
            }
        });
        return module;
    }

    /** Writes the value as an embedded object into token buffers (neutral documents), as text into JSON. */
    private static final class EmbeddingSerializer<V> extends StdScalarSerializer<V> {
        private static final long serialVersionUID = 1L;
        private final transient UnaryOperator<V> normalize;

        EmbeddingSerializer(Class<V> type, UnaryOperator<V> normalize) {
            super(type);
            this.normalize = normalize;
        }

        @Override
        public void serialize(V value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            V v = normalize.apply(value);
            if (gen instanceof TokenBuffer) {
                gen.writeEmbeddedObject(v);
            } else {
                gen.writeString(v.toString());
            }
        }
    }

    /** Accepts the embedded neutral value, text, numbers, or other stores' native forms. */
    private abstract static class LenientDeserializer<V> extends StdScalarDeserializer<V> {
        private static final long serialVersionUID = 1L;

        LenientDeserializer(Class<V> type) {
            super(type);
        }

        abstract V convert(Object v);

        @Override
        @SuppressWarnings("unchecked")
        public @Nullable V deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            Object raw;
            if (t == JsonToken.VALUE_EMBEDDED_OBJECT) {
                raw = p.getEmbeddedObject();
                if (raw instanceof byte[] bytes && handledType() == UUID.class && bytes.length == 16) {
                    ByteBuffer bb = ByteBuffer.wrap(bytes);
                    return (V) new UUID(bb.getLong(), bb.getLong());
                }
            } else if (t == JsonToken.VALUE_STRING) {
                raw = p.getText();
                if (((String) raw).isEmpty()) {
                    return null;
                }
            } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                // a JSON float would come back as a double: read decimals from the number's text, every digit kept
                raw = handledType() == BigDecimal.class ? p.getDecimalValue() : p.getNumberValue();
            } else {
                return (V) ctxt.handleUnexpectedToken(handledType(), p);
            }
            if (raw == null) {
                return null;
            }
            try {
                return convert(raw);
            } catch (RuntimeException e) {
                return (V) ctxt.handleWeirdStringValue(handledType(), String.valueOf(raw), "not a valid %s: %s",
                        handledType().getSimpleName(), e.getMessage());
            }
        }
    }
}
