package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.Filter;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.Query;
import dev.stratum.api.spi.DocumentAccess;
import dev.stratum.testkit.domain.Task;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link DocumentAccess#writeVerbatim}: what backup restores and cross-store copies rely on — documents
 * land exactly as given (version and time stamps untouched), indexed like any write, failures per document.
 */
@Tag("document-access")
abstract class DocumentAccessGroup extends KitGroup {
    private static final Instant CREATED = Instant.parse("2020-01-02T03:04:05.678Z");
    private static final Instant UPDATED = Instant.parse("2021-06-07T08:09:10.111Z");

    private DocumentAccess access() {
        return tasks().unwrap(DocumentAccess.class);
    }

    private Map<String, Object> doc(Task t) {
        return access().mapper().toDocument(t);
    }

    @Test
    void writesVersionAndTimeStampsVerbatimAndTheVersionIsLiveAfterwards() {
        Task t = new Task("v1", "restored", null, Task.Status.OPEN, 3, List.of("a"), null, null, null, Map.of(), 7, CREATED, UPDATED);
        assertThat(access().writeVerbatim(List.of(doc(t)))).containsExactly((DataAccessException) null);
        assertThat(tasks().findById("v1")).contains(t);
        assertThat(tasks().find(Query.where(Filter.eq("status", Task.Status.OPEN)))).containsExactly(t);   // indexed like any write

        Task updated = tasks().update(t.withTitle("changed"));
        assertThat(updated.version()).isEqualTo(8);
        // verbatim overwrites whatever is stored, even an older version
        assertThat(access().writeVerbatim(List.of(doc(t)))).containsExactly((DataAccessException) null);
        assertThat(tasks().findById("v1")).contains(t);
        assertThat(tasks().find(Query.where(Filter.eq("status", Task.Status.OPEN)))).containsExactly(t);
    }

    @Test
    void aBadDocumentFailsAloneAndTheOthersAreWritten() {
        Task good = new Task("g1", "good", null, Task.Status.DONE, 1, List.of(), null, null, null, Map.of(), 2, CREATED, UPDATED);
        Map<String, Object> noId = new LinkedHashMap<>(doc(good));
        noId.remove("id");
        Map<String, Object> badKey = new LinkedHashMap<>(doc(good.withId("g2")));
        badKey.put("customFields", Map.of("$bad", "x"));
        List<DataAccessException> r = access().writeVerbatim(List.of(noId, doc(good), badKey));
        assertThat(r.get(0)).isInstanceOf(InvalidEntityException.class);
        assertThat(r.get(1)).isNull();
        assertThat(r.get(2)).isInstanceOf(InvalidEntityException.class);
        assertThat(tasks().findById("g1")).contains(good);
        assertThat(tasks().existsById("g2")).isFalse();
    }
}
