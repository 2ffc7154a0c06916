package dev.stratum.store.firestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirestoreDocumentIdsTest {

    @Test
    void everyIdRoundTripsAndIsALegalDocumentId() {
        for (String id : List.of("a/b/c", "%2F", "100%", ".", "..", "...", "__reserved__", "__", "___", "_x_", "plain", "ünï-🙂", "%zz")) {
            String doc = FirestoreDocumentIds.encode(id);
            assertThat(doc).doesNotContain("/").isNotIn(".", "..");
            assertThat(doc.length() >= 4 && doc.startsWith("__") && doc.endsWith("__")).as(doc).isFalse();
            assertThat(FirestoreDocumentIds.decode(doc)).isEqualTo(id);
        }
        assertThat(FirestoreDocumentIds.encode("plain")).isEqualTo("plain");
    }

    @Test
    void theSuccessorOfAPrefixBoundsExactlyTheStringsStartingWithIt() {
        assertThat(FirestoreQueryPlanner.successor("b")).isEqualTo("c");
        assertThat(FirestoreQueryPlanner.successor("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(FirestoreQueryPlanner.successor("x" + new String(Character.toChars(Character.MAX_CODE_POINT)))).isEqualTo("y");
        assertThat(FirestoreQueryPlanner.successor("")).isNull();
    }
}
