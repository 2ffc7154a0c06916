package dev.stratum.store.mongo.internal;

import dev.stratum.api.MappingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping between Stratum's neutral values and BSON, used for documents
 * ({@link MongoDocumentCodec}) and query values ({@link MongoFilterTranslator}) alike, so a value
 * always matches what was stored:
 *
 * <ul>
 *   <li>{@code Instant} ↔ BSON date (milliseconds), {@code BigDecimal} ↔ Decimal128 (exact, 34 digits),
 *       {@code UUID} ↔ binary subtype 4 (standard representation), {@code byte[]} ↔ binary subtype 0;
 *   <li>{@code LocalDate} → the string {@code yyyy-MM-dd}, which sorts and compares like the date (a
 *       BSON date would carry a time and a zone);
 *   <li>{@code Integer}/{@code Long}/{@code Double}/{@code String}/{@code Boolean}, lists and maps as
 *       themselves.
 * </ul>
 */
public final class MongoValues {
    private MongoValues() {}

    /** The BSON form of a neutral value. @throws MappingException for values BSON cannot hold */
    @SuppressWarnings("JavaUtilDate") // java.util.Date values are accepted as the driver gives them back
    public static BsonValue toBson(@Nullable Object v) {
        if (v == null) {
            return BsonNull.VALUE;
        }
        if (v instanceof String s) {
            return new BsonString(s);
        }
        if (v instanceof Integer i) {
            return new BsonInt32(i);
        }
        if (v instanceof Long l) {
            return new BsonInt64(l);
        }
        if (v instanceof Double d) {
            return new BsonDouble(d);
        }
        if (v instanceof Boolean b) {
            return BsonBoolean.valueOf(b);
        }
        if (v instanceof BigDecimal b) {
            return new BsonDecimal128(decimal128(b));
        }
        if (v instanceof Instant t) {
            return new BsonDateTime(t.toEpochMilli());
        }
        if (v instanceof LocalDate d) {
            return new BsonString(d.toString());
        }
        if (v instanceof UUID u) {
            return new BsonBinary(u);
        }
        if (v instanceof byte[] bytes) {
            return new BsonBinary(bytes);
        }
        if (v instanceof Map<?, ?> m) {
            BsonDocument doc = new BsonDocument();
            for (Map.Entry<String, ?> e : sorted(m).entrySet()) {
                doc.append(e.getKey(), toBson(e.getValue()));
            }
            return doc;
        }
        if (v instanceof List<?> list) {
            BsonArray array = new BsonArray(list.size());
            for (Object o : list) {
                array.add(toBson(o));
            }
            return array;
        }
        if (v instanceof Short || v instanceof Byte) {
            return new BsonInt32(((Number) v).intValue());
        }
        if (v instanceof Float f) {
            return new BsonDouble(f.doubleValue());
        }
        if (v instanceof BigInteger b) {
            return new BsonDecimal128(decimal128(new BigDecimal(b)));
        }
        if (v instanceof Date d) {
            return new BsonDateTime(d.getTime());
        }
        if (v instanceof Enum<?> e) {
            return new BsonString(e.name());
        }
        throw new MappingException("MongoDB cannot store a value of " + v.getClass().getName());
    }

    /**
     * A map's entries in key order. Nested documents are written and compared in this order, so an
     * equality filter with a map matches by content whatever order the caller built it in.
     */
    public static SortedMap<String, ?> sorted(Map<?, ?> m) {
        TreeMap<String, Object> out = new TreeMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    /** An exact Decimal128. @throws MappingException if the decimal needs more than 34 digits or its exponent is out of range */
    public static Decimal128 decimal128(BigDecimal b) {
        try {
            return new Decimal128(b);
        } catch (NumberFormatException e) {
            throw new MappingException("decimal " + b.toPlainString().length() + " characters long does not fit MongoDB's Decimal128"
                    + " exactly (34 significant digits, exponent -6176..6111)", e);
        }
    }

    /** The decimal of a Decimal128; NaN and infinities become doubles (BigDecimal has none). */
    public static Object fromDecimal128(Decimal128 d) {
        if (d.isNaN() || d.isInfinite()) {
            return d.doubleValue();
        }
        try {
            return d.bigDecimalValue();
        } catch (ArithmeticException negativeZero) {
            return BigDecimal.ZERO;
        }
    }
}
