package dev.stratum.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tokens order and compare exactly as {@link ValueOrder} does. */
class ValueTokensTest {

    private static List<Object> samples() {
        List<Object> out = new ArrayList<>(List.of(0L, -0.0, 1, 1L, 1.0, new BigDecimal("1.000"), -1L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE - 1, 1L << 53, (1L << 53) + 1, 0.1, -0.1, 1e-300, -1e300, 1e300, Double.MAX_VALUE, Double.MIN_VALUE,
                new BigDecimal("12345678901234567890.1"), new BigDecimal("12345678901234567890.2"), new BigDecimal("12345678901234567890.25"),
                new BigDecimal("-12345678901234567890.2"), new BigDecimal("-12345678901234567890.25"), new BigDecimal("1E+40"),
                new BigDecimal("-1E-40"), 9, 10, 99, 100, -9, -10, -99, -100, 13.25, new BigDecimal("13.250"),
                "", "a", "ab", "b", "é", "\uD83D\uDE00", "\uFFFF", "1",
                Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("2030-01-01T00:00:00Z"),
                LocalDate.of(1970, 1, 1), LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31),
                new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, 5), UUID.fromString("00000000-0000-0001-0000-000000000000"),
                true, false));
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) {
            out.add(r.nextLong());
            out.add(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20) * (r.nextBoolean() ? 1 : -1));
            out.add(new BigDecimal(r.nextLong()).movePointLeft(r.nextInt(30)));
        }
        return out;
    }

    @Test
    void sortableTokensOrderAndCompareScalarsAsValueOrder() {
        List<Object> values = samples();
        for (Object a : values) {
            for (Object b : values) {
                int expected = Integer.signum(ValueOrder.compare(a, b));
                int actual = Integer.signum(utf8(ValueTokens.sortable(a), ValueTokens.sortable(b)));
                assertThat(actual).as("%s (%s) vs %s (%s)", a, a.getClass().getSimpleName(), b, b.getClass().getSimpleName()).isEqualTo(expected);
            }
        }
    }

    /** Byte order of UTF-8, as Elasticsearch keywords and Redis sorted-set members compare. */
    private static int utf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void infinitiesAndNaNSortAroundEveryNumber() {
        String low = ValueTokens.sortable(Double.NEGATIVE_INFINITY);
        String high = ValueTokens.sortable(Double.POSITIVE_INFINITY);
        String nan = ValueTokens.sortable(Double.NaN);
        for (Object v : samples()) {
            if (v instanceof Number) {
                assertThat(utf8(low, ValueTokens.sortable(v))).isNegative();
                assertThat(utf8(high, ValueTokens.sortable(v))).isPositive();
            }
        }
        assertThat(utf8(nan, high)).isPositive();
    }

    @Test
    void equalityTokensAreEqualExactlyWhenValuesAre() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1L);
        ab.put("b", List.of(2, "x"));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", List.of(2.0, "x"));
        ba.put("a", new BigDecimal("1.0"));
        List<Object> values = new ArrayList<>(samples());
        values.addAll(List.of(ab, ba, List.of(1L), Arrays.asList(1L, null), List.of(), Map.of(), List.of(List.of("a")), new byte[] {1, 2},
                new byte[] {1, 2}, new byte[0]));
        for (Object a : values) {
            for (Object b : values) {
                assertThat(ValueTokens.equality(a).equals(ValueTokens.equality(b))).as("%s vs %s", a, b).isEqualTo(ValueOrder.equal(a, b));
            }
        }
    }
}
