package dev.stratum.store.firestore.internal;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.MappingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Converts between Stratum's neutral values and the values the Firestore client writes and reads.
 *
 * <table>
 *   <caption>mapping</caption>
 *   <tr><th>neutral</th><th>Firestore</th></tr>
 *   <tr><td>String, Boolean, Double</td><td>string, boolean, double</td></tr>
 *   <tr><td>Integer, Long</td><td>integer (int64: every long is exact, also beyond 2^53)</td></tr>
 *   <tr><td>BigDecimal</td><td>string in {@link SortableDecimal}'s order-preserving form</td></tr>
 *   <tr><td>Instant</td><td>timestamp (milliseconds)</td></tr>
 *   <tr><td>LocalDate</td><td>string {@code yyyy-MM-dd}</td></tr>
 *   <tr><td>UUID</td><td>string (canonical lower case)</td></tr>
 *   <tr><td>byte[]</td><td>bytes</td></tr>
 *   <tr><td>List, Map</td><td>array, map</td></tr>
 * </table>
 *
 * <p>The <em>stored form</em> is what the client reads back, with timestamps as {@link Instant} and
 * bytes as {@code byte[]}: filters are evaluated client-side on it (their values converted the same
 * way), so client-side and server-side evaluation cannot disagree.
 */
public final class FirestoreValues {
    /**
     * Firestore arrays cannot hold arrays: a list directly inside a list is stored as a map with this
     * single key, and read back as the list. User maps may therefore not use this key.
     */
    public static final String NESTED_LIST_KEY = "_stratumList";

    private FirestoreValues() {}

    /** A neutral document as the client writes it. @throws InvalidEntityException for what Firestore forbids */
    public static Map<String, Object> encodeDocument(Map<String, Object> doc, String entity, Object id) {
        Map<String, Object> out = new LinkedHashMap<>(doc.size() * 2);
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            checkFieldName(e.getKey(), "", entity, id);
            out.put(e.getKey(), encode(e.getValue(), e.getKey(), entity, id, false));
        }
        return out;
    }

    /** A neutral value (a query value) as the client writes it. */
    public static @Nullable Object encodeValue(@Nullable Object v) {
        return encode(v, "", "value", "", false);
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object encode(@Nullable Object v, String path, String entity, Object id, boolean inArray) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return SortableDecimal.encode(d);
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : SortableDecimal.encode(new BigDecimal(b));
        }
        if (v instanceof Instant i) {
            return timestamp(i);
        }
        if (v instanceof Date d) {
            return timestamp(d.toInstant());
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof UUID u) {
            return u.toString();
        }
        if (v instanceof byte[] b) {
            return Blob.fromBytes(b);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(encode(o, path + "[]", entity, id, true));
            }
            if (inArray) {
                Map<String, Object> wrapper = new LinkedHashMap<>(2);
                wrapper.put(NESTED_LIST_KEY, out);
                return wrapper;
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                checkFieldName(key, path, entity, id);
                if (key.equals(NESTED_LIST_KEY)) {
                    throw new InvalidEntityException(entity + " '" + id + "' has map key '" + NESTED_LIST_KEY + "'"
                            + (path.isEmpty() ? "" : " under '" + path + "'") + ", which the Firestore store reserves for lists"
                            + " nested in lists; nothing was written");
                }
                out.put(key, encode(e.getValue(), path.isEmpty() ? key : path + "." + key, entity, id, false));
            }
            return out;
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        throw new MappingException("cannot store a " + v.getClass().getName() + " in Firestore (at '" + path + "' of " + entity + ")");
    }

    /** Firestore reserves field names of the form {@code __name__}; the other checks are the shared ones. */
    private static void checkFieldName(String key, String path, String entity, Object id) {
        if (key.length() >= 4 && key.startsWith("__") && key.endsWith("__")) {
            throw new InvalidEntityException(entity + " '" + id + "' has field '" + key + "'" + (path.isEmpty() ? "" : " under '" + path + "'")
                    + ": Firestore reserves names of the form __name__; nothing was written");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > 1500) {
            throw new InvalidEntityException(entity + " '" + id + "' has a field name over Firestore's 1,500-byte limit"
                    + (path.isEmpty() ? "" : " under '" + path + "'") + "; nothing was written");
        }
    }

    public static Timestamp timestamp(Instant i) {
        Instant t = i.truncatedTo(ChronoUnit.MILLIS);
        return Timestamp.ofTimeSecondsAndNanos(t.getEpochSecond(), t.getNano());
    }

    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).truncatedTo(ChronoUnit.MILLIS);
    }

    /** A value read by the client in stored form: timestamps as Instant, bytes as byte[], the rest as read. */
    @SuppressWarnings("unchecked")
    public static @Nullable Object stored(@Nullable Object v) {
        if (v instanceof Timestamp t) {
            return instant(t);
        }
        if (v instanceof Blob b) {
            return b.toBytes();
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(stored(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get(NESTED_LIST_KEY) instanceof List<?> nested) {
                return stored(nested);
            }
            Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put((String) e.getKey(), stored(e.getValue()));
            }
            return out;
        }
        return v;
    }
}
