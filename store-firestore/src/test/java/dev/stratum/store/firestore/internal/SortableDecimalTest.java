package dev.stratum.store.firestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortableDecimalTest {

    private static final Comparator<String> UTF8_BYTES = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
            b.getBytes(StandardCharsets.UTF_8));

    @Test
    void encodedStringsSortAsTheNumbersDo() {
        List<BigDecimal> values = new ArrayList<>();
        for (String s : List.of("0", "1", "-1", "0.1", "-0.1", "10", "9.99", "-9.99", "1E+30", "-1E+30", "1E-30", "-1E-30", "0.12", "0.123",
                "-0.12", "-0.123", "12345678901234567890.123456789", "-0.000000000000000000001", "13.25", "3", "8", "1.5", "0.5")) {
            values.add(new BigDecimal(s));
        }
        Random r = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            values.add(new BigDecimal(r.nextLong()).scaleByPowerOfTen(r.nextInt(80) - 40));
        }
        List<BigDecimal> byValue = new ArrayList<>(values);
        byValue.sort(BigDecimal::compareTo);
        List<String> encoded = new ArrayList<>(values.stream().map(SortableDecimal::encode).toList());
        encoded.sort(UTF8_BYTES);
        for (int i = 0; i < byValue.size(); i++) {
            assertThat(SortableDecimal.decode(encoded.get(i))).as("position %d", i).isEqualByComparingTo(byValue.get(i));
        }
    }

    @Test
    void equalValuesEncodeEquallyAndDecodeExactly() {
        assertThat(SortableDecimal.encode(new BigDecimal("3.00"))).isEqualTo(SortableDecimal.encode(new BigDecimal("3")));
        assertThat(SortableDecimal.decode(SortableDecimal.encode(new BigDecimal("13.25")))).isEqualTo(new BigDecimal("13.25"));
        assertThat(SortableDecimal.decode(SortableDecimal.encode(new BigDecimal("10")))).isEqualTo(new BigDecimal("10"));
        assertThat(SortableDecimal.decode(SortableDecimal.encode(new BigDecimal("-0.000000000000000000001"))))
                .isEqualTo(new BigDecimal("-0.000000000000000000001"));
        assertThat(SortableDecimal.decode("12.5")).as("a plain decimal written by another client").isEqualTo(new BigDecimal("12.5"));
    }
}
