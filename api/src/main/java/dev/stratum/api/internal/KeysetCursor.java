package dev.stratum.api.internal;

import dev.stratum.api.CursorKey;
import dev.stratum.api.Filter;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Sort;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Opaque keyset cursors: the sort-key values of the last entity of a page, typed, plus a fingerprint
 * of the query so a cursor cannot be replayed against another query, signed with the store's
 * {@link CursorKey} so an altered cursor is refused before anything in it is read. And the filter
 * that continues after those values.
 *
 * <p>Format 2: {@code [2][fingerprint: 8][count: 2][values…][HMAC-SHA256 truncated: 16]}, URL-safe
 * Base64 without padding; strings carry a 4-byte length (no 64 KiB limit).
 */
public final class KeysetCursor {
    private static final int FORMAT = 2;
    private static final int TAG_BYTES = 16;
    private static final int HEADER_BYTES = 1 + 8 + 2;

    private KeysetCursor() {}

    /**
     * A fingerprint of the query's filter and sort keys, by value (byte arrays by content, maps by
     * sorted key): the same in every JVM for equal queries.
     */
    public static long fingerprint(@Nullable Filter filter, List<Sort> keys) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeFilter(out, filter);
            out.writeInt(keys.size());
            for (Sort k : keys) {
                writeString(out, k.field());
                out.writeBoolean(k.ascending());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray())).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    public static String encode(CursorKey key, long fingerprint, List<@Nullable Object> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(fingerprint);
            out.writeShort(values.size());
            for (Object v : values) {
                writeValue(out, v);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] body = bytes.toByteArray();
        byte[] signed = Arrays.copyOf(body, body.length + TAG_BYTES);
        System.arraycopy(key.sign(body), 0, signed, body.length, TAG_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
    }

    /**
     * The values of a cursor made by {@link #encode} with the same key, fingerprint and key count.
     *
     * @throws InvalidQueryException if the cursor is malformed, altered, signed with another key or belongs to another query
     */
    public static List<@Nullable Object> decode(CursorKey key, String cursor, long fingerprint, int keyCount) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("page cursor is not a valid Stratum cursor (not URL-safe Base64)");
        }
        if (raw.length < HEADER_BYTES + TAG_BYTES) {
            throw new InvalidQueryException("page cursor is not a valid Stratum cursor (too short)");
        }
        if (raw[0] != FORMAT) {
            throw new InvalidQueryException("page cursor has an unknown format");
        }
        byte[] body = Arrays.copyOf(raw, raw.length - TAG_BYTES);
        if (!key.verify(body, Arrays.copyOfRange(raw, body.length, raw.length))) {
            throw new InvalidQueryException("page cursor failed its integrity check: it was altered, or made by another store"
                    + " instance (cursors survive a restart only when the store is configured with a fixed CursorKey)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            in.readByte();
            if (in.readLong() != fingerprint) {
                throw new InvalidQueryException("page cursor belongs to a different query (filter or sort changed)");
            }
            int n = in.readShort();
            if (n != keyCount) {
                throw new InvalidQueryException("page cursor has " + n + " sort values, the query has " + keyCount + " sort keys");
            }
            List<Object> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(readValue(in));
            }
            if (in.available() > 0) {
                throw new InvalidQueryException("page cursor has trailing data");
            }
            return values;
        } catch (IOException | DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new InvalidQueryException("page cursor is not a valid Stratum cursor (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * The filter matching entities strictly after {@code values} in the order of {@code keys}
     * (nulls first ascending, last descending; the last key is the unique id).
     */
    public static Filter after(List<Sort> keys, List<@Nullable Object> values) {
        List<Filter> branches = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Filter step = strictlyAfter(keys.get(i), values.get(i));
            if (step == null) {
                continue;
            }
            List<Filter> all = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                all.add(Filter.eq(keys.get(j).field(), values.get(j)));
            }
            all.add(step);
            branches.add(all.size() == 1 ? all.get(0) : Filter.and(all));
        }
        return branches.size() == 1 ? branches.get(0) : Filter.or(branches);
    }

    private static @Nullable Filter strictlyAfter(Sort key, @Nullable Object value) {
        if (key.ascending()) {
            return value == null ? Filter.exists(key.field()) : Filter.gt(key.field(), value);
        }
        return value == null ? null : Filter.or(Filter.lt(key.field(), value), Filter.eq(key.field(), null));
    }

    private static void writeValue(DataOutputStream out, @Nullable Object v) throws IOException {
        if (v == null) {
            out.writeByte('n');
        } else if (v instanceof String s) {
            out.writeByte('s');
            writeString(out, s);
        } else if (v instanceof Integer i) {
            out.writeByte('i');
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte('l');
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeByte('d');
            out.writeDouble(d);
        } else if (v instanceof Boolean b) {
            out.writeByte('z');
            out.writeBoolean(b);
        } else if (v instanceof BigDecimal b) {
            out.writeByte('b');
            writeString(out, b.toString());
        } else if (v instanceof Instant t) {
            out.writeByte('t');
            out.writeLong(t.toEpochMilli());
        } else if (v instanceof LocalDate d) {
            out.writeByte('D');
            out.writeLong(d.toEpochDay());
        } else if (v instanceof UUID u) {
            out.writeByte('u');
            out.writeLong(u.getMostSignificantBits());
            out.writeLong(u.getLeastSignificantBits());
        } else {
            throw new InvalidQueryException("cannot page on a sort key holding " + v.getClass().getSimpleName() + " values");
        }
    }

    private static @Nullable Object readValue(DataInputStream in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case 'n': return null;
            case 's': return readString(in);
            case 'i': return in.readInt();
            case 'l': return in.readLong();
            case 'd': return in.readDouble();
            case 'z': return in.readBoolean();
            case 'b': return new BigDecimal(readString(in));
            case 't': return Instant.ofEpochMilli(in.readLong());
            case 'D': return LocalDate.ofEpochDay(in.readLong());
            case 'u': return new UUID(in.readLong(), in.readLong());
            default: throw new InvalidQueryException("page cursor holds an unknown value tag");
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new InvalidQueryException("page cursor is not a valid Stratum cursor (bad string length)");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** The canonical, value-based form of a filter tree that {@link #fingerprint} hashes. */
    private static void writeFilter(DataOutputStream out, @Nullable Filter f) throws IOException {
        if (f == null) {
            out.writeByte(0);
        } else if (f instanceof Filter.And x) {
            writeFilters(out, 'A', x.filters());
        } else if (f instanceof Filter.Or x) {
            writeFilters(out, 'O', x.filters());
        } else if (f instanceof Filter.Not x) {
            out.writeByte('!');
            writeFilter(out, x.filter());
        } else if (f instanceof Filter.Eq x) {
            writeLeaf(out, "eq", x.field(), x.value());
        } else if (f instanceof Filter.Ne x) {
            writeLeaf(out, "ne", x.field(), x.value());
        } else if (f instanceof Filter.Range x) {
            writeLeaf(out, x.op().name(), x.field(), x.value());
        } else if (f instanceof Filter.In x) {
            writeLeaf(out, "in", x.field(), x.values());
        } else if (f instanceof Filter.Nin x) {
            writeLeaf(out, "nin", x.field(), x.values());
        } else if (f instanceof Filter.Exists x) {
            writeLeaf(out, "exists", x.field(), x.present());
        } else if (f instanceof Filter.Contains x) {
            writeLeaf(out, "contains", x.field(), x.value());
        } else if (f instanceof Filter.StartsWith x) {
            writeLeaf(out, "startsWith", x.field(), x.prefix());
        } else {
            writeLeaf(out, f.getClass().getName(), "", f.toString());
        }
    }

    private static void writeFilters(DataOutputStream out, char tag, List<Filter> filters) throws IOException {
        out.writeByte(tag);
        out.writeInt(filters.size());
        for (Filter c : filters) {
            writeFilter(out, c);
        }
    }

    private static void writeLeaf(DataOutputStream out, String op, String field, @Nullable Object value) throws IOException {
        out.writeByte('L');
        writeString(out, op);
        writeString(out, field);
        writeCanonical(out, value);
    }

    /** Any filter value by content: the sort-value tags, plus byte arrays, lists, maps (sorted keys) and anything else by class and text. */
    private static void writeCanonical(DataOutputStream out, @Nullable Object v) throws IOException {
        if (v instanceof byte[] b) {
            out.writeByte('y');
            out.writeInt(b.length);
            out.write(b);
        } else if (v instanceof List<?> l) {
            out.writeByte('[');
            out.writeInt(l.size());
            for (Object o : l) {
                writeCanonical(out, o);
            }
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
            out.writeByte('{');
            out.writeInt(sorted.size());
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                writeString(out, e.getKey());
                writeCanonical(out, e.getValue());
            }
        } else if (v instanceof Instant t) {
            out.writeByte('T');
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        } else if (v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
                || v instanceof Boolean || v instanceof BigDecimal || v instanceof LocalDate || v instanceof UUID) {
            writeValue(out, v);
        } else {
            out.writeByte('?');
            writeString(out, v.getClass().getName());
            writeString(out, v.toString());
        }
    }
}
