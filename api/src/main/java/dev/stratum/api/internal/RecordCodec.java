package dev.stratum.api.internal;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A direct codec for plain records (no Jackson annotations, only the neutral value types, lists,
 * string-keyed maps and nested plain records), producing exactly what the Jackson path produces but
 * without a token stream: decoding a record through Jackson costs ~15× a hand-written mapper, this
 * costs ~2×. Anything it does not recognise makes {@link #forType} answer null (Jackson handles the
 * type), and any stored value it does not expect makes {@link #decode} throw {@link Fallback} (Jackson
 * decodes that document, with its error messages).
 */
public final class RecordCodec {
    /** Thrown when a document holds something this codec leaves to Jackson. */
    public static final class Fallback extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Fallback INSTANCE = new Fallback();

        private Fallback() {
            super(null, null, false, false);
        }
    }

    private final String[] names;
    private final MethodHandle[] accessors;
    private final Conv[] convs;
    private final MethodHandle constructor;

    private RecordCodec(String[] names, MethodHandle[] accessors, Conv[] convs, MethodHandle constructor) {
        this.names = names;
        this.accessors = accessors;
        this.convs = convs;
        this.constructor = constructor;
    }

    /** The codec of {@code type}, or null if Jackson must handle it. */
    public static @Nullable RecordCodec forType(Class<?> type) {
        try {
            return build(type, 0);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static @Nullable RecordCodec build(Class<?> type, int depth) throws ReflectiveOperationException {
        if (!type.isRecord() || depth > 8 || hasJacksonAnnotation(type.getAnnotations()) || !java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
            return null;
        }
        RecordComponent[] rc = type.getRecordComponents();
        String[] names = new String[rc.length];
        MethodHandle[] acc = new MethodHandle[rc.length];
        Conv[] convs = new Conv[rc.length];
        Class<?>[] ptypes = new Class<?>[rc.length];
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (int i = 0; i < rc.length; i++) {
            RecordComponent c = rc[i];
            if (hasJacksonAnnotation(c.getAnnotations()) || hasJacksonAnnotation(c.getAccessor().getAnnotations())
                    || hasJacksonAnnotation(type.getDeclaredField(c.getName()).getAnnotations())) {
                return null;
            }
            Conv conv = conv(c.getGenericType(), depth);
            if (conv == null) {
                return null;
            }
            names[i] = c.getName();
            acc[i] = lookup.unreflect(c.getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
            convs[i] = conv;
            ptypes[i] = c.getType();
        }
        Constructor<?> ctor = type.getDeclaredConstructor(ptypes);
        if (!java.lang.reflect.Modifier.isPublic(ctor.getModifiers())) {
            return null;
        }
        MethodHandle mh = lookup.unreflectConstructor(ctor).asSpreader(Object[].class, rc.length)
                .asType(MethodType.methodType(Object.class, Object[].class));
        return new RecordCodec(names, acc, convs, mh);
    }

    private static boolean hasJacksonAnnotation(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().startsWith("com.fasterxml.jackson")) {
                return true;
            }
        }
        return false;
    }

    private static boolean plainEnum(Class<?> c) {
        if (hasJacksonAnnotation(c.getAnnotations())) {
            return false;
        }
        for (java.lang.reflect.Field f : c.getDeclaredFields()) {
            if (hasJacksonAnnotation(f.getAnnotations())) {
                return false;
            }
        }
        for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
            if (hasJacksonAnnotation(m.getAnnotations())) {
                return false;
            }
        }
        return true;
    }

    /** Encodes a record to a neutral map. */
    public Map<String, Object> encode(Object record) {
        Map<String, Object> out = new LinkedHashMap<>(names.length * 2);
        try {
            for (int i = 0; i < names.length; i++) {
                Object v = accessors[i].invokeExact(record);
                out.put(names[i], v == null ? null : convs[i].encode(v));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return out;
    }

    /** Decodes a document; throws {@link Fallback} where Jackson should do it. */
    public Object decode(Map<String, ?> doc) {
        Object[] args = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            args[i] = convs[i].decode(doc.get(names[i]));
        }
        try {
            return constructor.invokeExact(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // ------------------------------------------------------------------------------ conversions

    private interface Conv {
        Object encode(Object v);

        @Nullable Object decode(@Nullable Object v);
    }

    private static @Nullable Conv conv(Type t, int depth) throws ReflectiveOperationException {
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                Conv e = conv(args[0], depth + 1);
                return e == null ? null : new ListConv(e);
            }
            if (raw == Map.class && args[0] == String.class) {
                Conv e = conv(args[1], depth + 1);
                return e == null ? null : new MapConv(e);
            }
            return null;
        }
        if (!(t instanceof Class<?> c)) {
            return null;
        }
        if (c == String.class) return SCALAR_STRING;
        if (c == int.class) return primitive(0, Integer.class);
        if (c == Integer.class) return number(Integer.class);
        if (c == long.class) return primitive(0L, Long.class);
        if (c == Long.class) return number(Long.class);
        if (c == double.class) return primitive(0.0d, Double.class);
        if (c == Double.class) return number(Double.class);
        if (c == boolean.class) return BOOL_PRIMITIVE;
        if (c == Boolean.class) return BOOL;
        if (c == BigDecimal.class) return DECIMAL;
        if (c == Instant.class) return INSTANT;
        if (c == LocalDate.class) return DATE;
        if (c == UUID.class) return UUID_CONV;
        if (c == byte[].class) return BYTES;
        if (c.isEnum()) {
            return plainEnum(c) ? enumConv(c) : null;
        }
        if (c.isRecord()) {
            RecordCodec nested = build(c, depth + 1);
            return nested == null ? null : new NestedConv(nested);
        }
        return null;
    }

    private static final Conv SCALAR_STRING = new Conv() {
        public Object encode(Object v) {
            return v;
        }

        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof String) return v;
            throw Fallback.INSTANCE;
        }
    };

    private static Conv primitive(Object zero, Class<?> box) {
        Conv n = number(box);
        return new Conv() {
            public Object encode(Object v) {
                return n.encode(v);
            }

            public @Nullable Object decode(@Nullable Object v) {
                return v == null ? zero : n.decode(v);
            }
        };
    }

    private static Conv number(Class<?> box) {
        return new Conv() {
            public Object encode(Object v) {
                return v;
            }

            public @Nullable Object decode(@Nullable Object v) {
                if (v == null) return null;
                if (v.getClass() == box) return v;
                if (!(v instanceof Number n)) throw Fallback.INSTANCE;
                if (box == Integer.class) {
                    long l = n.longValue();
                    if (l != n.doubleValue() || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw Fallback.INSTANCE;
                    return (int) l;
                }
                if (box == Long.class) {
                    if (n instanceof Double || n instanceof BigDecimal) throw Fallback.INSTANCE;
                    return n.longValue();
                }
                return n.doubleValue();
            }
        };
    }

    private static final Conv BOOL = new Conv() {
        public Object encode(Object v) {
            return v;
        }

        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof Boolean) return v;
            throw Fallback.INSTANCE;
        }
    };

    private static final Conv BOOL_PRIMITIVE = new Conv() {
        public Object encode(Object v) {
            return v;
        }

        public @Nullable Object decode(@Nullable Object v) {
            return v == null ? Boolean.FALSE : BOOL.decode(v);
        }
    };

    private static final Conv DECIMAL = new Conv() {
        public Object encode(Object v) {
            return v;
        }

        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof BigDecimal) return v;
            if (v instanceof String s) return new BigDecimal(s);
            throw Fallback.INSTANCE;
        }
    };

    private static final Conv INSTANT = new Conv() {
        public Object encode(Object v) {
            return ((Instant) v).truncatedTo(ChronoUnit.MILLIS);
        }

        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof Instant) return v;
            if (v instanceof Date d) return d.toInstant();
            if (v instanceof String s && !s.isEmpty()) return Instant.parse(s);
            throw Fallback.INSTANCE;
        }
    };

    private static final Conv DATE = new Conv() {
        public Object encode(Object v) {
            return v;
        }

        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof LocalDate) return v;
            if (v instanceof Instant i) return LocalDate.ofInstant(i, ZoneOffset.UTC);
            if (v instanceof String s && s.length() == 10) return LocalDate.parse(s);
            throw Fallback.INSTANCE;
        }
    };

    private static final Conv UUID_CONV = new Conv() {
        public Object encode(Object v) {
            return v;
        }

        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof UUID) return v;
            if (v instanceof String s && s.length() == 36) return UUID.fromString(s);
            throw Fallback.INSTANCE;
        }
    };

    private static final Conv BYTES = new Conv() {
        public Object encode(Object v) {
            return v;
        }

        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof byte[]) return v;
            throw Fallback.INSTANCE;
        }
    };

    private static Conv enumConv(Class<?> c) {
        Map<String, Object> byName = new java.util.HashMap<>();
        for (Object e : c.getEnumConstants()) {
            byName.put(((Enum<?>) e).name(), e);
        }
        return new Conv() {
            public Object encode(Object v) {
                return ((Enum<?>) v).name();
            }

            public @Nullable Object decode(@Nullable Object v) {
                if (v == null) return null;
                Object e = byName.get(v);
                if (e == null) throw Fallback.INSTANCE;
                return e;
            }
        };
    }

    private static final class ListConv implements Conv {
        private final Conv element;

        ListConv(Conv element) {
            this.element = element;
        }

        public Object encode(Object v) {
            List<?> in = (List<?>) v;
            List<Object> out = new ArrayList<>(in.size());
            for (Object o : in) {
                out.add(o == null ? null : element.encode(o));
            }
            return out;
        }

        public @Nullable Object decode(@Nullable Object v) {
            if (v == null) return null;
            if (!(v instanceof List<?> in)) throw Fallback.INSTANCE;
            List<Object> out = new ArrayList<>(in.size());
            for (Object o : in) {
                out.add(element.decode(o));
            }
            return out;
        }
    }

    private static final class MapConv implements Conv {
        private final Conv value;

        MapConv(Conv value) {
            this.value = value;
        }

        public Object encode(Object v) {
            Map<?, ?> in = (Map<?, ?>) v;
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
            for (Map.Entry<?, ?> e : in.entrySet()) {
                out.put((String) e.getKey(), e.getValue() == null ? null : value.encode(e.getValue()));
            }
            return out;
        }

        public @Nullable Object decode(@Nullable Object v) {
            if (v == null) return null;
            if (!(v instanceof Map<?, ?> in)) throw Fallback.INSTANCE;
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
            for (Map.Entry<?, ?> e : in.entrySet()) {
                out.put(String.valueOf(e.getKey()), value.decode(e.getValue()));
            }
            return out;
        }
    }

    private static final class NestedConv implements Conv {
        private final RecordCodec codec;

        NestedConv(RecordCodec codec) {
            this.codec = codec;
        }

        public Object encode(Object v) {
            return codec.encode(v);
        }

        @SuppressWarnings("unchecked")
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null) return null;
            if (!(v instanceof Map)) throw Fallback.INSTANCE;
            return codec.decode((Map<String, ?>) v);
        }
    }
}
