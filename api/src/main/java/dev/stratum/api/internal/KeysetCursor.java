package dev.stratum.api.internal;

import dev.stratum.api.Filter;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Sort;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Opaque keyset cursors: the sort-key values of the last entity of a page, typed, plus a fingerprint
 * of the query so a cursor cannot be replayed against another query. And the filter that continues
 * after those values.
 */
public final class KeysetCursor {
    private static final int FORMAT = 1;

    private KeysetCursor() {}

    /** A stable fingerprint of the query's filter and sort (stable across JVMs: values are neutral). */
    public static long fingerprint(@Nullable Filter filter, List<Sort> keys) {
        CRC32 crc = new CRC32();
        crc.update(String.valueOf(filter).getBytes(StandardCharsets.UTF_8));
        crc.update(keys.toString().getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    public static String encode(long fingerprint, List<@Nullable Object> values) {
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
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    /** @throws InvalidQueryException if the cursor is malformed or belongs to another query */
    public static List<@Nullable Object> decode(String cursor, long fingerprint, int keyCount) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cursor);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
                if (in.readByte() != FORMAT) {
                    throw new InvalidQueryException("page cursor has an unknown format");
                }
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
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidQueryException("page cursor is not a valid Stratum cursor", e);
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
            out.writeUTF(s);
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
            out.writeUTF(b.toString());
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
            case 's': return in.readUTF();
            case 'i': return in.readInt();
            case 'l': return in.readLong();
            case 'd': return in.readDouble();
            case 'z': return in.readBoolean();
            case 'b': return new BigDecimal(in.readUTF());
            case 't': return Instant.ofEpochMilli(in.readLong());
            case 'D': return LocalDate.ofEpochDay(in.readLong());
            case 'u': return new UUID(in.readLong(), in.readLong());
            default: throw new InvalidQueryException("page cursor holds an unknown value tag");
        }
    }
}
