package dev.stratum.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.InvalidEntityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DocumentChecks}: map keys legal on every store, and the size limit. */
class DocumentChecksTest {
    private static final long MIB = 1 << 20;

    private static void check(Map<String, Object> doc, long max) {
        DocumentChecks.check(doc, "Task", "t1", "mongodb", max);
    }

    private static Map<String, Object> withKey(String key) {
        Map<String, Object> m = new HashMap<>();
        m.put(key, 1);
        return m;
    }

    @Test
    void aLegalDocumentPasses() {
        Map<String, Object> doc = new HashMap<>();
        doc.put("id", "t1");
        doc.put("nested", Map.of("ünï 🚀", List.of(Map.of("a b", "x", "mid$dle", 1)), "k-1", "v"));
        doc.put("nothing", null);
        doc.put("list", Arrays.asList(null, "x", new byte[10]));
        assertThatCode(() -> check(doc, MIB)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$set", "$", "a.b", ".", "end.", "", "nul\0"})
    void anIllegalKeyAnywhereIsRefusedNamingItsPlace(String key) {
        assertThatThrownBy(() -> check(withKey(key), MIB)).isInstanceOf(InvalidEntityException.class)
                .hasMessageContaining("Task 't1'").hasMessageContaining("nothing was written");
        assertThatThrownBy(() -> check(Map.of("outer", withKey(key)), MIB)).isInstanceOf(InvalidEntityException.class)
                .hasMessageContaining("under 'outer'");
        assertThatThrownBy(() -> check(Map.of("list", List.of(Map.of(), withKey(key))), MIB)).isInstanceOf(InvalidEntityException.class)
                .hasMessageContaining("under 'list[1]'");
    }

    @Test
    void theOffendingKeyIsQuoted() {
        assertThatThrownBy(() -> check(Map.of("data", withKey("cpu.load")), MIB)).hasMessageContaining("'cpu.load'").hasMessageContaining("'data'");
        assertThatThrownBy(() -> check(withKey("$where"), MIB)).hasMessageContaining("'$where'").hasMessageContaining("'$'");
    }

    @Test
    void aDocumentOverTheLimitIsRefusedNamingStoreAndLimit() {
        Map<String, Object> doc = Map.of("id", "t1", "text", "x".repeat(2_000));
        assertThatCode(() -> check(doc, 4_096)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(doc, 1_024)).isInstanceOf(InvalidEntityException.class)
                .hasMessageContaining("mongodb").hasMessageContaining("1024 bytes");
        assertThatThrownBy(() -> check(Map.of("blob", new byte[5_000]), 4_096)).isInstanceOf(InvalidEntityException.class);
        assertThatThrownBy(() -> check(Map.of("list", List.of("x".repeat(3_000), "y".repeat(3_000))), 4_096))
                .isInstanceOf(InvalidEntityException.class);
    }

    @Test
    void largeStringsAreMeasuredInUtf8Bytes() {
        String cjk = "数".repeat(5_000); // 5,000 chars, 15,000 UTF-8 bytes
        assertThatThrownBy(() -> check(Map.of("text", cjk), 10_000)).isInstanceOf(InvalidEntityException.class);
        assertThatCode(() -> check(Map.of("text", cjk), 16_000)).doesNotThrowAnyException();
    }

    @Test
    void theSizeCountsUtf8BytesNotCharacters() {
        // 1,000 characters of 3 UTF-8 bytes each: 3,000 bytes, far over a 2,000-byte limit although only 1,000 chars
        assertThatThrownBy(() -> check(Map.of("title", "€".repeat(1_000)), 2_000)).isInstanceOf(InvalidEntityException.class)
                .hasMessageContaining("over mongodb's limit");
        assertThatThrownBy(() -> check(Map.of("é".repeat(1_000), "x"), 1_500)).as("keys too").isInstanceOf(InvalidEntityException.class);
        assertThatThrownBy(() -> check(Map.of("emoji", "\uD83D\uDE80".repeat(500)), 1_500)).as("a surrogate pair is 4 bytes")
                .isInstanceOf(InvalidEntityException.class);
        assertThatCode(() -> check(Map.of("title", "a".repeat(1_000)), 2_000)).doesNotThrowAnyException();
        assertThat(DocumentChecks.utf8Length("a€é\uD83D\uDE80")).isEqualTo(1 + 3 + 2 + 4);
    }
    @Test
    void aNaNOrInfinityAnywhereIsRefusedNamingItsPath() {
        assertThatThrownBy(() -> check(Map.of("a", Map.of("b", List.of(1, 2.5, Double.NaN))), MIB)).isInstanceOf(InvalidEntityException.class)
                .hasMessageContaining("at 'a.b[2]'").hasMessageContaining("NaN").hasMessageContaining("nothing was written");
        assertThatThrownBy(() -> check(Map.of("f", Float.NEGATIVE_INFINITY), MIB)).hasMessageContaining("at 'f'");
        assertThatThrownBy(() -> check(Map.of("d", Double.POSITIVE_INFINITY), MIB)).hasMessageContaining("Infinity");
        assertThatCode(() -> check(Map.of("ok", List.of(-0.0, Double.MAX_VALUE, Float.MIN_VALUE, 1L << 62)), MIB)).doesNotThrowAnyException();
    }

    @Test
    void theFirstViolationInWalkOrderIsTheOneReported() {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("title", "x".repeat(2_000)); // over the limit too, but the key below is reported first: keys and numbers before size
        doc.put("inner", withKey("a.b"));
        doc.put("n", Double.NaN);
        assertThatThrownBy(() -> check(doc, 1_000)).hasMessageContaining("'a.b'").hasMessageContaining("under 'inner'");
    }

    @Test
    void theSizeIsExactAtTheLimitWhateverTheCheapBound() {
        // the quick walk bounds a string by 3 bytes a char; a document under the limit only by its exact UTF-8 size
        // must still pass, and one over it is refused with its exact size
        Map<String, Object> doc = Map.of("k", List.of("a".repeat(600), Map.of("x", "b".repeat(300))));
        long exact = 5 + (1 + 2) + 5 + (4 + 5 + 600) + (4 + 5 + (1 + 2) + (5 + 300));
        assertThatCode(() -> check(doc, exact)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(doc, exact - 1)).hasMessageContaining("is about " + exact + " bytes");
    }
}
