package dev.stratum.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.CursorKey;
import dev.stratum.api.Filter;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Sort;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link KeysetCursor}: typed encode/decode, binding to the query, and the continuation filter. */
class KeysetCursorTest {
    private static final List<Sort> KEYS = List.of(Sort.desc("priority"), Sort.asc("id"));
    private static final Filter OPEN = Filter.eq("status", "OPEN");
    private static final CursorKey KEY = CursorKey.random();

    @Test
    void everyNeutralSortValueRoundTripsWithItsType() {
        List<Object> values = Arrays.asList(null, "ünï 🚀", 42, 9_007_199_254_740_993L, -0.25, true, new BigDecimal("12345678901234567890.10"),
                Instant.parse("1969-07-20T20:17:40.123Z"), LocalDate.of(2024, 2, 29), UUID.randomUUID(), "");
        long fp = KeysetCursor.fingerprint(OPEN, KEYS);
        String cursor = KeysetCursor.encode(KEY, fp, values);
        assertThat(cursor).matches("[A-Za-z0-9_-]+").as("URL-safe, unpadded");
        List<Object> back = KeysetCursor.decode(KEY, cursor, fp, values.size());
        assertThat(back).containsExactlyElementsOf(values);
        assertThat(back.get(2)).isInstanceOf(Integer.class);
        assertThat(back.get(3)).isInstanceOf(Long.class);
        assertThat(((BigDecimal) back.get(6)).scale()).isEqualTo(2);
    }

    @Test
    void theFingerprintIsStableAndTellsQueriesApart() {
        long fp = KeysetCursor.fingerprint(OPEN, KEYS);
        assertThat(KeysetCursor.fingerprint(Filter.eq("status", "OPEN"), List.of(Sort.desc("priority"), Sort.asc("id")))).isEqualTo(fp);
        assertThat(KeysetCursor.fingerprint(Filter.eq("status", "DONE"), KEYS)).as("other value").isNotEqualTo(fp);
        assertThat(KeysetCursor.fingerprint(Filter.eq("state", "OPEN"), KEYS)).as("other field").isNotEqualTo(fp);
        assertThat(KeysetCursor.fingerprint(null, KEYS)).as("no filter").isNotEqualTo(fp);
        assertThat(KeysetCursor.fingerprint(OPEN, List.of(Sort.asc("priority"), Sort.asc("id")))).as("other direction").isNotEqualTo(fp);
        assertThat(KeysetCursor.fingerprint(OPEN, List.of(Sort.asc("id")))).as("other keys").isNotEqualTo(fp);
    }

    @Test
    void aCursorOfAnotherQueryIsRefused() {
        String cursor = KeysetCursor.encode(KEY, KeysetCursor.fingerprint(OPEN, KEYS), List.of(5, "t1"));
        long other = KeysetCursor.fingerprint(Filter.eq("status", "DONE"), KEYS);
        assertThatThrownBy(() -> KeysetCursor.decode(KEY, cursor, other, 2)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("different query");
    }

    @Test
    void aCursorWithTheWrongNumberOfValuesIsRefused() {
        long fp = KeysetCursor.fingerprint(OPEN, KEYS);
        String cursor = KeysetCursor.encode(KEY, fp, List.of(5, "t1"));
        assertThatThrownBy(() -> KeysetCursor.decode(KEY, cursor, fp, 3)).isInstanceOf(InvalidQueryException.class).hasMessageContaining("2 sort values");
    }

    @Test
    void malformedCursorsAreInvalidQueriesNeverOtherExceptions() {
        long fp = KeysetCursor.fingerprint(OPEN, KEYS);
        String good = KeysetCursor.encode(KEY, fp, List.of(5, "t1"));
        byte[] raw = Base64.getUrlDecoder().decode(good);
        byte[] unknownTag = raw.clone();
        unknownTag[1 + 8 + 2] = 'Q';
        byte[] otherFormat = raw.clone();
        otherFormat[0] = 9;
        byte[] truncatedTag = java.util.Arrays.copyOf(raw, raw.length - 1);
        for (String bad : List.of("", "!!!", "====", "AAAA", good.substring(0, good.length() - 3), good + "AA",
                Base64.getUrlEncoder().encodeToString(unknownTag), Base64.getUrlEncoder().encodeToString(otherFormat), "a".repeat(10_000),
                Base64.getUrlEncoder().withoutPadding().encodeToString(truncatedTag))) {
            assertThatThrownBy(() -> KeysetCursor.decode(KEY, bad, fp, 2)).as("cursor '%s'", bad).isInstanceOf(InvalidQueryException.class);
        }
    }

    @Test
    void aSortValueOfAnUnsupportedTypeCannotBeEncoded() {
        assertThatThrownBy(() -> KeysetCursor.encode(KEY, 1, List.of(List.of("a")))).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("List");
    }

    @Test
    void theContinuationFilterStartsStrictlyAfterTheLastValues() {
        Filter f = KeysetCursor.after(List.of(Sort.asc("p"), Sort.asc("id")), List.of(3, "t9"));
        assertThat(f).isEqualTo(Filter.or(Filter.gt("p", 3), Filter.and(Filter.eq("p", 3), Filter.gt("id", "t9"))));

        Filter desc = KeysetCursor.after(List.of(Sort.desc("p"), Sort.asc("id")), List.of(3, "t9"));
        assertThat(desc).as("descending: smaller values, then nulls (which sort last)")
                .isEqualTo(Filter.or(Filter.or(Filter.lt("p", 3), Filter.eq("p", null)), Filter.and(Filter.eq("p", 3), Filter.gt("id", "t9"))));
    }

    @Test
    void theContinuationFilterHandlesNullSortValues() {
        Filter ascNull = KeysetCursor.after(List.of(Sort.asc("due"), Sort.asc("id")), Arrays.asList(null, "t2"));
        assertThat(ascNull).as("ascending after null: every present value, or null with a greater id")
                .isEqualTo(Filter.or(Filter.exists("due"), Filter.and(Filter.eq("due", null), Filter.gt("id", "t2"))));
        Filter descNull = KeysetCursor.after(List.of(Sort.desc("due"), Sort.asc("id")), Arrays.asList(null, "t2"));
        assertThat(descNull).as("descending after null: only nulls with a greater id remain")
                .isEqualTo(Filter.and(Filter.eq("due", null), Filter.gt("id", "t2")));
        Filter idOnly = KeysetCursor.after(List.of(Sort.asc("id")), List.of("t2"));
        assertThat(idOnly).isEqualTo(Filter.gt("id", "t2"));
    }

    @Test
    void anAlteredCursorOrOneSignedWithAnotherKeyIsRefusedOutright() {
        long fp = KeysetCursor.fingerprint(OPEN, KEYS);
        String good = KeysetCursor.encode(KEY, fp, List.of(5, "t1"));
        byte[] raw = Base64.getUrlDecoder().decode(good);
        byte[] forged = raw.clone();
        forged[1 + 8 + 2 + 1 + 3] = 6; // the int 5 becomes 6: a well-formed cursor, but not one this store made
        assertThatThrownBy(() -> KeysetCursor.decode(KEY, Base64.getUrlEncoder().withoutPadding().encodeToString(forged), fp, 2))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("integrity check");
        assertThatThrownBy(() -> KeysetCursor.decode(CursorKey.random(), good, fp, 2))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("integrity check");
        byte[] secret = new byte[32];
        assertThat(KeysetCursor.decode(CursorKey.of(secret), KeysetCursor.encode(CursorKey.of(secret.clone()), fp, List.of(5, "t1")), fp, 2))
                .as("a configured key: cursors survive a restart").containsExactly(5, "t1");
    }

    @Test
    void sortStringsOverSixtyFourKibibytesRoundTrip() {
        String huge = "é".repeat(70_000); // 140,000 UTF-8 bytes: writeUTF's limit is 65,535
        long fp = KeysetCursor.fingerprint(null, KEYS);
        assertThat(KeysetCursor.decode(KEY, KeysetCursor.encode(KEY, fp, List.of(huge, "t1")), fp, 2)).containsExactly(huge, "t1");
    }

    @Test
    void theFingerprintIsByValueForByteArraysListsAndMaps() {
        long a = KeysetCursor.fingerprint(Filter.eq("raw", new byte[] {1, 2, 3}), KEYS);
        assertThat(KeysetCursor.fingerprint(Filter.eq("raw", new byte[] {1, 2, 3}), KEYS)).as("equal content, another array").isEqualTo(a);
        assertThat(KeysetCursor.fingerprint(Filter.eq("raw", new byte[] {1, 2, 4}), KEYS)).isNotEqualTo(a);
        java.util.Map<String, Object> m1 = new java.util.LinkedHashMap<>();
        m1.put("x", 1);
        m1.put("y", List.of("a"));
        java.util.Map<String, Object> m2 = new java.util.LinkedHashMap<>();
        m2.put("y", List.of("a"));
        m2.put("x", 1);
        assertThat(KeysetCursor.fingerprint(Filter.eq("m", m1), KEYS)).isEqualTo(KeysetCursor.fingerprint(Filter.eq("m", m2), KEYS));
        assertThat(KeysetCursor.fingerprint(Filter.in("n", List.of(1, 2)), KEYS))
                .as("Integer and Long stay apart").isNotEqualTo(KeysetCursor.fingerprint(Filter.in("n", List.of(1L, 2L)), KEYS));
        // a fixed value: the same in every JVM (no identity hash, no hashCode of a mutable type)
        assertThat(KeysetCursor.fingerprint(Filter.and(Filter.eq("raw", new byte[] {1, 2, 3}), Filter.gt("n", 5)), List.of(Sort.asc("id"))))
                .isEqualTo(KeysetCursor.fingerprint(Filter.and(Filter.eq("raw", new byte[] {1, 2, 3}), Filter.gt("n", 5)), List.of(Sort.asc("id"))));
    }

    @Test
    void aKeyNeverShowsItsSecretAndRefusesShortSecrets() {
        assertThat(CursorKey.fromBase64("c2VjcmV0LXNlY3JldC1zZWNyZXQ=").toString()).doesNotContain("c2Vj").contains("hidden");
        assertThatThrownBy(() -> CursorKey.of(new byte[8])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
        assertThatThrownBy(() -> CursorKey.fromBase64("not base64!!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not base64");
    }

    @Test
    void aSignedCursorHoldingAnImpossibleDateIsAnInvalidQueryNotADateTimeException() throws Exception {
        long fp = KeysetCursor.fingerprint(null, List.of(Sort.asc("id")));
        for (char tag : new char[] {'D'}) { // an epoch day far beyond LocalDate's range
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(body)) {
                out.writeByte(2);
                out.writeLong(fp);
                out.writeShort(1);
                out.writeByte(tag);
                out.writeLong(Long.MAX_VALUE);
            }
            byte[] b = body.toByteArray();
            byte[] signed = java.util.Arrays.copyOf(b, b.length + 16);
            System.arraycopy(KEY.sign(b), 0, signed, b.length, 16);
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
            assertThatThrownBy(() -> KeysetCursor.decode(KEY, cursor, fp, 1)).as("tag %s", tag).isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("DateTimeException");
        }
    }
}
