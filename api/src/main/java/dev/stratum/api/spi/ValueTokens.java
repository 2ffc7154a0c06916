package dev.stratum.api.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Neutral values as strings, for stores whose indexes compare text (Redis sorted sets, Elasticsearch
 * keywords): two encodings that keep {@link ValueOrder}'s semantics exactly, so such a store need not
 * evaluate filters client-side.
 *
 * <ul>
 *   <li>{@link #equality(Object) equality tokens} — exact and canonical: two values have the same token
 *       exactly when {@link ValueOrder#equal} says they are equal (numbers by value across
 *       Integer/Long/Double/BigDecimal, lists element by element, maps by content whatever the key order);
 *   <li>{@link #sortable(Object) sortable tokens} — a type tag in ValueOrder's rank order ({@code 1}
 *       numbers, {@code 2} strings, {@code 3} instants, {@code 4} dates, {@code 5} UUIDs, {@code 6}
 *       booleans, higher for the unordered kinds) followed by characters whose code-point (UTF-8 byte)
 *       order is the values' order: strings as themselves, numbers exactly by decimal value (so longs
 *       beyond 2^53 and BigDecimals of any length order exactly), instants and dates as 16 hex digits
 *       of the sign-flipped epoch milli/day. Two scalars of one kind compare as their tokens do, and
 *       their tokens are equal exactly when the values are.
 * </ul>
 *
 * <pre>{@code
 * ValueTokens.sortable(new BigDecimal("12345678901234567890.1"))
 *         .compareTo(ValueTokens.sortable(new BigDecimal("12345678901234567890.2"))) < 0   // true
 * }</pre>
 */
public final class ValueTokens {
    /** The equality token of null inside lists and maps (never produced for a value). */
    public static final String NULL_TOKEN = "N";
    private static final HexFormat HEX = HexFormat.of();
    private static final long EXPONENT_BIAS = 50_000_000_000L;
    private static final long EXPONENT_MAX = 99_999_999_999L;

    private ValueTokens() {}

    /** The rank tag of a non-null neutral value in {@link ValueOrder}'s order. */
    public static char rankTag(Object v) {
        if (v instanceof Number) return '1';
        if (v instanceof String) return '2';
        if (v instanceof Instant) return '3';
        if (v instanceof LocalDate) return '4';
        if (v instanceof UUID) return '5';
        if (v instanceof Boolean) return '6';
        if (v instanceof byte[]) return '7';
        if (v instanceof List) return '8';
        if (v instanceof Map) return '9';
        return ':';
    }

    /** The sortable token of a non-null neutral value (see the class comment). */
    public static String sortable(Object v) {
        char tag = rankTag(v);
        switch (tag) {
            case '1':
                return tag + sortableNumber((Number) v);
            case '2':
                return tag + (String) v;
            case '3':
                return tag + sortableLong(((Instant) v).toEpochMilli());
            case '4':
                return tag + sortableLong(((LocalDate) v).toEpochDay());
            case '5':
                return tag + uuidHex((UUID) v);
            case '6':
                return tag + (((Boolean) v) ? "1" : "0");
            default:
                return tag + equality(v);
        }
    }

    /**
     * The exact order-preserving encoding of a number's decimal value (doubles by their shortest
     * decimal form, as ValueOrder compares them): {@code 1} for zero; {@code 2}, the biased adjusted
     * exponent in 11 digits and the significant digits for positives; {@code 0}, the complemented
     * exponent, the nines' complement of the digits and {@code ~} for negatives (so that a longer
     * significand, which is further from zero, sorts first). Infinities and NaN sort as
     * {@link Double#compare} does: {@code -Infinity} below every number, {@code +Infinity} then NaN above.
     */
    public static String sortableNumber(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return "4";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "3" : "0";
            }
        }
        BigDecimal b = exact(n).stripTrailingZeros();
        if (b.signum() == 0) {
            return "1";
        }
        String digits = b.unscaledValue().abs().toString();
        long biased = (long) digits.length() - 1 - b.scale() + EXPONENT_BIAS;
        if (b.signum() > 0) {
            return "2" + elevenDigits(biased) + digits;
        }
        StringBuilder sb = new StringBuilder(digits.length() + 13).append('0').append(elevenDigits(EXPONENT_MAX - biased));
        for (int i = 0; i < digits.length(); i++) {
            sb.append((char) ('9' - digits.charAt(i) + '0'));
        }
        return sb.append('~').toString();
    }

    /** {@code String.format("%011d", v)} without the formatter (the formatter was most of the cost of a decimal token). */
    private static String elevenDigits(long v) {
        String s = Long.toString(v);
        if (v < 0 || s.length() >= 11) {
            return v < 0 ? String.format("%011d", v) : s;
        }
        return "00000000000".substring(s.length()) + s;
    }

    /** The exact equality token of a non-null neutral value (see the class comment). */
    public static String equality(Object v) {
        if (v instanceof String s) {
            return "s" + s;
        }
        if (v instanceof Number n) {
            return "n" + canonicalNumber(n);
        }
        if (v instanceof Boolean b) {
            return b ? "b1" : "b0";
        }
        if (v instanceof Instant i) {
            return "t" + i.toEpochMilli();
        }
        if (v instanceof LocalDate d) {
            return "d" + d;
        }
        if (v instanceof UUID u) {
            return "u" + u;
        }
        if (v instanceof byte[] b) {
            return "x" + Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("L").append(list.size()).append(':');
            for (Object o : list) {
                String t = o == null ? NULL_TOKEN : equality(o);
                sb.append(t.length()).append(':').append(t);
            }
            return sb.toString();
        }
        if (v instanceof Map<?, ?> map) {
            TreeMap<String, String> sorted = new TreeMap<>();
            map.forEach((k, o) -> sorted.put(String.valueOf(k), o == null ? NULL_TOKEN : equality(o)));
            StringBuilder sb = new StringBuilder("M").append(sorted.size()).append(':');
            sorted.forEach((k, t) -> sb.append(k.length()).append(':').append(k).append(t.length()).append(':').append(t));
            return sb.toString();
        }
        return "o" + v;
    }

    private static String sortableLong(long v) {
        return HEX.toHexDigits(v ^ Long.MIN_VALUE);
    }

    private static String uuidHex(UUID u) {
        return HEX.toHexDigits(u.getMostSignificantBits() ^ Long.MIN_VALUE) + HEX.toHexDigits(u.getLeastSignificantBits() ^ Long.MIN_VALUE);
    }

    private static BigDecimal exact(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return new BigDecimal(n.toString());
    }

    private static String canonicalNumber(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return Long.toString(n.longValue());
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Double.toString(d);
            }
            return plain(BigDecimal.valueOf(d));
        }
        if (n instanceof BigDecimal b) {
            return plain(b);
        }
        return plain(new BigDecimal(n.toString()));
    }

    private static String plain(BigDecimal b) {
        if (b.signum() == 0) {
            return "0";
        }
        BigDecimal s = b.stripTrailingZeros();
        return s.scale() < -30 || s.scale() > 60 ? s.toString() : s.toPlainString();
    }
}
