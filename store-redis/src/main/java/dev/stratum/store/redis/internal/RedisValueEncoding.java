package dev.stratum.store.redis.internal;

import dev.stratum.api.spi.ValueTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How neutral values become Redis index material (equality and sortable tokens are the shared
 * {@link ValueTokens}). Three encodings, each matching
 * {@link dev.stratum.api.spi.ValueOrder} where it matters:
 *
 * <ul>
 *   <li><b>id tokens</b> — the member of every index and the suffix of the document key; they sort
 *       (byte-wise) as the ids do: Strings as themselves, Longs as 19 zero-padded digits (negatives
 *       {@code -} plus the digits of {@code id - Long.MIN_VALUE}), UUIDs as 32 hex digits of the two
 *       halves with their sign bits flipped ({@link UUID#compareTo} order);
 *   <li><b>equality tokens</b> — exact and canonical, equal exactly when {@code ValueOrder.equal} says
 *       so (numbers by value across Integer/Long/Double/BigDecimal, lists in order, maps by content);
 *   <li><b>sortable encodings</b> — a type tag in ValueOrder's rank order ({@code 1} numbers,
 *       {@code 2} strings, {@code 3} instants, {@code 4} dates, {@code 5} UUIDs, {@code 6} booleans,
 *       higher for the unordered kinds) followed by bytes that sort as the values do: strings as their
 *       UTF-8 bytes (code-point order), numbers exactly by decimal value (a sign class, the biased
 *       decimal exponent in 11 digits, then the significant digits; negatives complemented), so longs
 *       beyond 2^53 and BigDecimals of any length order exactly; instants/dates as 16 hex digits of the
 *       sign-flipped epoch milli/day.
 * </ul>
 *
 * Numeric scores (for the numeric sorted sets) are doubles, so only values a double holds exactly
 * are indexed by score (ints, doubles, instants in ms, dates, booleans); longs and BigDecimals are
 * indexed by their exact sortable encoding instead (see {@link RedisIndexMaintainer#kindOf}).
 */
public final class RedisValueEncoding {
    /** The equality token of null/absent in unique indexes (never produced for a value). */
    static final String NULL_TOKEN = "N";
    private static final int MAX_TOKEN_IN_KEY = 120;
    private static final HexFormat HEX = HexFormat.of();

    private RedisValueEncoding() {}

    /** The order-preserving token of a neutral id. */
    public static String idToken(Object id) {
        if (id instanceof String s) {
            return s;
        }
        if (id instanceof UUID u) {
            return uuidHex(u);
        }
        if (id instanceof Long || id instanceof Integer) {
            long v = ((Number) id).longValue();
            if (v >= 0) {
                return String.format("%019d", v);
            }
            return "-" + String.format("%019d", v - Long.MIN_VALUE);
        }
        throw new IllegalArgumentException("unsupported id type " + id.getClass().getName());
    }

    private static String uuidHex(UUID u) {
        return HEX.toHexDigits(u.getMostSignificantBits() ^ Long.MIN_VALUE) + HEX.toHexDigits(u.getLeastSignificantBits() ^ Long.MIN_VALUE);
    }

    /** The exact equality token of a non-null neutral value. */
    public static String eqToken(Object v) {
        return ValueTokens.equality(v);
    }

    /** An equality token made short enough for a key name (long ones are hashed). */
    public static String keyToken(String token) {
        if (token.length() <= MAX_TOKEN_IN_KEY) {
            return token;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "#" + HEX.formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The unique-index token of a value tuple (nulls included). */
    public static String uniqueToken(List<@Nullable Object> values) {
        if (values.size() == 1) {
            Object v = values.get(0);
            return v == null ? NULL_TOKEN : eqToken(v);
        }
        StringBuilder sb = new StringBuilder("C");
        for (Object v : values) {
            String t = v == null ? NULL_TOKEN : eqToken(v);
            sb.append(t.length()).append(':').append(t);
        }
        return sb.toString();
    }

    /** The rank tag of a neutral value in {@link dev.stratum.api.spi.ValueOrder}'s order. */
    public static char rankTag(Object v) {
        return ValueTokens.rankTag(v);
    }

    /** The sortable (lexicographic) encoding of a non-null neutral value. */
    public static String sortable(Object v) {
        return ValueTokens.sortable(v);
    }

    /** The exact order-preserving encoding of a number's decimal value ({@link ValueTokens#sortableNumber}). */
    static String sortableNumber(Number n) {
        return ValueTokens.sortableNumber(n);
    }

    /**
     * The numeric score of a value of a numeric kind (numbers, instants, dates, booleans) as Redis
     * accepts it; NaN scores as {@code +inf} (it sorts after every number), lists as {@code +inf}.
     */
    public static String score(Object v) {
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof Instant i) {
            return Long.toString(i.toEpochMilli());
        } else if (v instanceof LocalDate ld) {
            return Long.toString(ld.toEpochDay());
        } else if (v instanceof Boolean b) {
            return b ? "1" : "0";
        } else {
            return "+inf";
        }
        if (Double.isNaN(d) || d == Double.POSITIVE_INFINITY) {
            return "+inf";
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /** Whether a value can be scored (a numeric kind). */
    public static boolean scorable(Object v) {
        return v instanceof Number || v instanceof Instant || v instanceof LocalDate || v instanceof Boolean;
    }
}
