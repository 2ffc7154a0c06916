package dev.stratum.api.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The per-value conversions of {@link DirectCodec}: each one encodes a Java value exactly as Jackson's
 * serializer followed by the neutral-tree reader would, and decodes the neutral (or another store's
 * native) form exactly as Jackson's deserializer would. A stored form a conversion does not know throws
 * {@link DirectCodec.Fallback} naming it, so that Jackson decodes that document (and the fallback is counted).
 */
final class ValueConversions {
    private ValueConversions() {}

    /** One value's conversion both ways. */
    interface Conv {
        Object encode(Object v);

        @Nullable Object decode(@Nullable Object v);
    }

    /** The stored class {@code c} decodes to itself (so a caller may skip the call), or null. */
    static @Nullable Class<?> identityClass(Conv c) {
        return c instanceof Scalar s ? s.identity : null;
    }

    /** A scalar conversion whose decode is the identity on values of class {@code identity}. */
    abstract static class Scalar implements Conv {
        final Class<?> identity;

        Scalar(Class<?> identity) {
            this.identity = identity;
        }

        @Override
        public Object encode(Object v) {
            return v;
        }
    }

    static DirectCodec.Fallback fallback(String what, @Nullable Object v) {
        return new DirectCodec.Fallback(what + " from " + (v == null ? "null" : v.getClass().getName()));
    }

    static final Conv STRING = new Scalar(String.class) {

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof String) return v;
            throw fallback("String", v);
        }
    };

    static Conv primitive(Object zero, Class<?> box) {
        Conv n = number(box);
        return new Scalar(box) {
            @Override
            public @Nullable Object decode(@Nullable Object v) {
                return v == null ? zero : n.decode(v);
            }
        };
    }

    static Conv number(Class<?> box) {
        return new Scalar(box) {
            @Override
            public @Nullable Object decode(@Nullable Object v) {
                if (v == null || v.getClass() == box) return v;
                if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                        || (v instanceof BigInteger b && b.bitLength() < 64)) {
                    long l = ((Number) v).longValue();
                    if (box == Integer.class) {
                        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw fallback("int", v);
                        return (int) l;
                    }
                    return box == Long.class ? (Object) l : (Object) (double) l;
                }
                if (box == Double.class && (v instanceof Float || v instanceof BigDecimal)) {
                    return ((Number) v).doubleValue();
                }
                throw fallback(box.getSimpleName(), v);
            }
        };
    }

    static final Conv BOOL = new Scalar(Boolean.class) {

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof Boolean) return v;
            throw fallback("boolean", v);
        }
    };

    static final Conv BOOL_PRIMITIVE = new Scalar(Boolean.class) {

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            return v == null ? (Object) false : BOOL.decode(v);
        }
    };

    static final Conv DECIMAL = new Scalar(BigDecimal.class) {

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof BigDecimal) return v;
            if ("".equals(v)) return null;
            if (v instanceof Double || v instanceof Float) return BigDecimal.valueOf(((Number) v).doubleValue());
            if (v instanceof Integer || v instanceof Long) return BigDecimal.valueOf(((Number) v).longValue());
            if (v instanceof BigInteger b) return new BigDecimal(b);
            if (v instanceof Number && !(v instanceof Short || v instanceof Byte)) {
                // another exact decimal type (a driver's Decimal128, say): its text form keeps every digit
                try {
                    return new BigDecimal(v.toString());
                } catch (NumberFormatException e) {
                    throw fallback("BigDecimal", v);
                }
            }
            if (v instanceof String s && !s.isEmpty()) {
                try {
                    return new BigDecimal(s);
                } catch (NumberFormatException e) {
                    throw fallback("BigDecimal", v);
                }
            }
            throw fallback("BigDecimal", v);
        }
    };

    static final Conv INSTANT = new Scalar(Instant.class) {
        @Override
        public Object encode(Object v) {
            return ((Instant) v).truncatedTo(ChronoUnit.MILLIS);
        }

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof Instant) return v;
            if ("".equals(v)) return null;
            if (v instanceof Date d) return d.toInstant();
            if (v instanceof Long || v instanceof Integer) return Instant.ofEpochMilli(((Number) v).longValue());
            if (v instanceof LocalDate d) return d.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (v instanceof String s && !s.isEmpty()) {
                try {
                    return Instant.parse(s);
                } catch (RuntimeException e) {
                    throw fallback("Instant", v);
                }
            }
            throw fallback("Instant", v);
        }
    };

    static final Conv DATE = new Scalar(LocalDate.class) {

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof LocalDate) return v;
            if ("".equals(v)) return null;
            if (v instanceof Instant i) return LocalDate.ofInstant(i, ZoneOffset.UTC);
            if (v instanceof Date d) return LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC);
            if (v instanceof String s && !s.isEmpty()) {
                try {
                    return s.length() > 10 ? LocalDate.ofInstant(Instant.parse(s), ZoneOffset.UTC) : LocalDate.parse(s);
                } catch (RuntimeException e) {
                    throw fallback("LocalDate", v);
                }
            }
            throw fallback("LocalDate", v);
        }
    };

    static final Conv UUID_CONV = new Scalar(UUID.class) {

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof UUID) return v;
            if ("".equals(v)) return null;
            if (v instanceof String s && s.length() == 36) {
                try {
                    return UUID.fromString(s);
                } catch (RuntimeException e) {
                    throw fallback("UUID", v);
                }
            }
            if (v instanceof byte[] b && b.length == 16) {
                ByteBuffer bb = ByteBuffer.wrap(b);
                return new UUID(bb.getLong(), bb.getLong());
            }
            throw fallback("UUID", v);
        }
    };

    static final Conv BYTES = new Scalar(byte[].class) {

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof byte[]) return v;
            if (v instanceof String s) {
                try {
                    return Base64.getDecoder().decode(s); // what JSON stores hold; Jackson reads Base64 too
                } catch (IllegalArgumentException e) {
                    throw fallback("byte[] (Base64)", v);
                }
            }
            throw fallback("byte[]", v);
        }
    };

    /**
     * A value declared {@code Object} (e.g. in a {@code Map<String, Object>}): Jackson writes it by its
     * runtime type and reads it back untyped. Only neutral values, lists and string-keyed maps of them
     * are converted here; anything else (a POJO inside a map, a non-string key) is left to Jackson.
     */
    static final Conv UNTYPED = new Conv() {
        @Override
        public Object encode(Object v) {
            if (v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Boolean
                    || v instanceof BigDecimal || v instanceof LocalDate || v instanceof UUID || v instanceof byte[]) {
                return v;
            }
            if (v instanceof Instant i) return i.truncatedTo(ChronoUnit.MILLIS);
            if (v instanceof Short || v instanceof Byte) return ((Number) v).intValue();
            if (v instanceof Float f) return f.doubleValue();
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String k)) throw fallback("map key", e.getKey());
                    out.put(k, e.getValue() == null ? null : encode(e.getValue()));
                }
                return out;
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>(l.size());
                for (Object o : l) {
                    out.add(o == null ? null : encode(o));
                }
                return out;
            }
            throw fallback("untyped value", v);
        }

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Boolean
                    || v instanceof BigDecimal || v instanceof BigInteger) {
                return v;
            }
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.put(String.valueOf(e.getKey()), decode(e.getValue()));
                }
                return out;
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>(l.size());
                for (Object o : l) {
                    out.add(decode(o));
                }
                return out;
            }
            if (v instanceof Float f) return f.doubleValue();
            if (v instanceof Short || v instanceof Byte) return ((Number) v).intValue();
            if (v instanceof Enum<?> e) return e.name();
            return v; // embedded scalars (Instant, LocalDate, UUID, byte[], Date, …) come back as they are
        }
    };

    static Conv enumConv(Class<?> c) {
        Map<String, Object> byName = new HashMap<>();
        for (Object e : c.getEnumConstants()) {
            byName.put(((Enum<?>) e).name(), e);
        }
        return new Conv() {
            @Override
            public Object encode(Object v) {
                return ((Enum<?>) v).name();
            }

            @Override
            public @Nullable Object decode(@Nullable Object v) {
                if (v == null) return null;
                Object e = byName.get(v);
                if (e == null) throw fallback("enum " + c.getSimpleName() + " constant", v);
                return e;
            }
        };
    }

    private static boolean allOf(List<?> list, Class<?> type) {
        for (int i = 0, n = list.size(); i < n; i++) {
            Object o = list.get(i);
            if (o == null || o.getClass() != type) {
                return false;
            }
        }
        return true;
    }

    static final class ListConv implements Conv {
        private final Conv element;

        ListConv(Conv element) {
            this.element = element;
        }

        @Override
        public Object encode(Object v) {
            List<?> in = (List<?>) v;
            List<Object> out = new ArrayList<>(in.size());
            for (Object o : in) {
                out.add(o == null ? null : element.encode(o));
            }
            return out;
        }

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null) return null;
            if (!(v instanceof List<?> in)) throw fallback("List", v);
            Class<?> same = identityClass(element);
            if (same != null && in instanceof RandomAccess && allOf(in, same)) {
                return new ArrayList<Object>(in); // every element decodes to itself: one array copy
            }
            List<Object> out = new ArrayList<>(in.size());
            for (Object o : in) {
                out.add(o != null && o.getClass() == same ? o : element.decode(o));
            }
            return out;
        }
    }

    static final class MapConv implements Conv {
        private final Conv value;

        MapConv(Conv value) {
            this.value = value;
        }

        @Override
        public Object encode(Object v) {
            Map<?, ?> in = (Map<?, ?>) v;
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
            for (Map.Entry<?, ?> e : in.entrySet()) {
                if (e.getKey() == null) throw fallback("map key", null);
                out.put((String) e.getKey(), e.getValue() == null ? null : value.encode(e.getValue()));
            }
            return out;
        }

        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null) return null;
            if (!(v instanceof Map<?, ?> in)) throw fallback("Map", v);
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
            for (Map.Entry<?, ?> e : in.entrySet()) {
                out.put(String.valueOf(e.getKey()), value.decode(e.getValue()));
            }
            return out;
        }
    }

    /** A nested entity; the codec is set once built (types may refer to themselves). */
    static final class NestedConv implements Conv {
        private final Class<?> type;
        private @Nullable DirectCodec codec;

        NestedConv(Class<?> type) {
            this.type = type;
        }

        void set(DirectCodec codec) {
            this.codec = codec;
        }

        @SuppressWarnings("NullAway")
        @Override
        public Object encode(Object v) {
            if (v.getClass() != type) throw fallback(type.getName() + " (a subclass is written by its own properties)", v);
            return codec.encode(v);
        }

        @SuppressWarnings({"unchecked", "NullAway"})
        @Override
        public @Nullable Object decode(@Nullable Object v) {
            if (v == null) return null;
            if (!(v instanceof Map)) throw fallback(type.getSimpleName(), v);
            return codec.decode((Map<String, ?>) v);
        }
    }
}
