package dev.stratum.store.firestore.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Firestore has no decimal type, and a double would lose digits. A {@link BigDecimal} is therefore
 * stored as a string whose UTF-8 byte order (Firestore's string order) is the numeric order, so that
 * equality, ranges and sorting on decimal fields run natively:
 *
 * <pre>
 *   zero      "B"
 *   positive  "C" + (E + OFFSET, 13 digits) + mantissa digits
 *   negative  "A" + (OFFSET - E, 13 digits) + complemented mantissa digits + "~"
 * </pre>
 *
 * where the value is {@code ±0.d1d2…dn × 10^E} with {@code d1 ≠ 0} and no trailing zero digit. The
 * value is kept exactly; the scale is normalised (trailing fractional zeros are dropped, and no
 * negative scale is produced): {@code 3.00} reads back as {@code 3}, {@code 1E+3} as {@code 1000}.
 */
public final class SortableDecimal {
    private static final long OFFSET = 5_000_000_000_000L;
    private static final int EXP_WIDTH = 13;

    private SortableDecimal() {}

    public static String encode(BigDecimal value) {
        if (value.signum() == 0) {
            return "B";
        }
        BigDecimal s = value.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        long exponent = (long) digits.length() - s.scale();
        StringBuilder out = new StringBuilder(digits.length() + EXP_WIDTH + 2);
        if (value.signum() > 0) {
            out.append('C');
            pad(out, OFFSET + exponent);
            out.append(digits);
        } else {
            out.append('A');
            pad(out, OFFSET - exponent);
            for (int i = 0; i < digits.length(); i++) {
                out.append((char) ('9' - digits.charAt(i) + '0'));
            }
            out.append('~');
        }
        return out.toString();
    }

    /** Whether {@code s} has the shape {@link #encode} produces. */
    public static boolean isEncoded(String s) {
        if (s.equals("B")) {
            return true;
        }
        if (s.length() < EXP_WIDTH + 2 || (s.charAt(0) != 'A' && s.charAt(0) != 'C')) {
            return false;
        }
        int end = s.charAt(0) == 'A' ? s.length() - 1 : s.length();
        if (s.charAt(0) == 'A' && s.charAt(end) != '~') {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public static BigDecimal decode(String s) {
        if (!isEncoded(s)) {
            // a value written as a plain decimal string (by another client): read it as such
            return new BigDecimal(s);
        }
        if (s.equals("B")) {
            return BigDecimal.ZERO;
        }
        boolean negative = s.charAt(0) == 'A';
        long e = Long.parseLong(s.substring(1, 1 + EXP_WIDTH));
        long exponent = negative ? OFFSET - e : e - OFFSET;
        String m = s.substring(1 + EXP_WIDTH, negative ? s.length() - 1 : s.length());
        if (negative) {
            StringBuilder d = new StringBuilder(m.length());
            for (int i = 0; i < m.length(); i++) {
                d.append((char) ('9' - m.charAt(i) + '0'));
            }
            m = d.toString();
        }
        BigInteger unscaled = new BigInteger(m);
        BigDecimal v = new BigDecimal(negative ? unscaled.negate() : unscaled, Math.toIntExact(m.length() - exponent));
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    private static void pad(StringBuilder out, long n) {
        String digits = Long.toString(n);
        for (int i = digits.length(); i < EXP_WIDTH; i++) {
            out.append('0');
        }
        out.append(digits);
    }
}
