package dev.stratum.testkit;

import static dev.stratum.api.Sort.asc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Capability;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.domain.Task;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The paging contract's corners (issue 11): cursors are signed, so an altered one is refused outright
 * rather than read as another position; keyset paging over a field whose values may mix types is
 * refused (it would continue with {@code gt(k, v)}, which matches only v's type, and skip the rest);
 * a page size of {@code Integer.MAX_VALUE} does not overflow.
 */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class PagingContractGroup extends KitGroup {

    private static FuzzRecord withAttr(String id, @Nullable Object value, boolean present) {
        Map<String, Object> attrs = new HashMap<>();
        if (present) {
            attrs.put("k", value);
        }
        return new FuzzRecord(id, null, null, null, null, null, null, List.of("t" + id), attrs);
    }

    @Test
    void anAlteredCursorIsRefusedOutrightNeverReadAsAnotherPosition() {
        for (int i = 0; i < 6; i++) {
            tasks().insert(Task.create("signed " + i, Task.Status.OPEN, i).withId("c" + i));
        }
        Query q = Query.all().sortBy(asc("priority"));
        String good = tasks().page(q, PageRequest.first(2)).cursor();
        assertThat(good).isNotNull();
        byte[] raw = Base64.getUrlDecoder().decode(good);
        for (int at = 1; at < raw.length; at++) {
            byte[] altered = raw.clone();
            altered[at] ^= 0x01;
            String bad = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            int position = at;
            assertThatThrownBy(() -> tasks().page(q, PageRequest.after(bad, 2))).as("cursor with byte %d altered", position)
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("page cursor");
        }
        assertThat(tasks().page(q, PageRequest.after(good, 2)).items()).extracting(Task::priority).containsExactly(2, 3);
    }

    @Test
    void keysetPagingSortedByAFieldWhoseValuesMayMixTypesIsRefusedOnEveryStore() {
        List<FuzzRecord> rows = List.of(withAttr("a", 1, true), withAttr("b", "x", true), withAttr("c", 2.5, true),
                withAttr("d", true, true), withAttr("e", null, true), withAttr("f", null, false), withAttr("g", 3L, true));
        rows.forEach(fuzzRecords()::insert);
        boolean untypedRefused = supports(Capability.UNTYPED_FIELD_QUERIES_REFUSED);
        for (String key : List.of("attrs.k", "attrs", "tags")) {
            Query q = Query.all().sortBy(asc(key)).allowScan();
            if (!supports(Capability.SCAN) && !supports(Capability.UNINDEXED_FIELDS)) {
                // a store that cannot sort on an unindexed field at all refuses before the paging rule applies
                assertThatThrownBy(() -> fuzzRecords().page(q, PageRequest.first(2))).as("sort on unindexed %s", key)
                        .isInstanceOfAny(InvalidQueryException.class, QueryNotSupportedException.class);
                continue;
            }
            if (untypedRefused && key.startsWith("attrs")) {
                assertThatThrownBy(() -> fuzzRecords().page(q, PageRequest.first(2))).as("declared gap: sort on untyped %s", key)
                        .isInstanceOf(QueryNotSupportedException.class).hasMessageContaining(store());
                continue;
            }
            assertThatThrownBy(() -> fuzzRecords().page(q, PageRequest.first(2))).as("keyset page sorted by %s", key)
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("'" + key + "'").hasMessageContaining("keyset paging");
        }
        if (supports(Capability.OFFSET) && !untypedRefused && !supports(Capability.ORDER_BY_DROPS_MISSING)) {
            Query q = Query.all().sortBy(asc("attrs.k"), asc("id")).allowScan();
            List<String> expected = fuzzRecords().find(q).stream().map(FuzzRecord::id).toList();
            assertThat(expected).as("find sorted by the mixed-type key reads every row").hasSize(rows.size());
            Page<FuzzRecord> p1 = fuzzRecords().page(q, PageRequest.offset(0, 4));
            Page<FuzzRecord> p2 = fuzzRecords().page(q, p1.next().orElseThrow());
            assertThat(p2.next()).isEmpty();
            assertThat(Stream.concat(p1.items().stream(), p2.items().stream()).map(FuzzRecord::id))
                    .as("offset paging over mixed types walks the full sorted list").containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aPageOfIntegerMaxValueEntitiesDoesNotOverflow() {
        for (int i = 0; i < 5; i++) {
            tasks().insert(Task.create("max " + i, Task.Status.OPEN, i).withId("m" + i));
        }
        Query q = Query.all().sortBy(asc("priority"));
        Page<Task> all = tasks().page(q, PageRequest.first(Integer.MAX_VALUE));
        assertThat(all.items()).extracting(Task::priority).containsExactly(0, 1, 2, 3, 4);
        assertThat(all.next()).isEmpty();
        if (supports(Capability.OFFSET)) {
            Page<Task> rest = tasks().page(q.sortBy(asc("priority"), asc("id")), PageRequest.offset(3, Integer.MAX_VALUE));
            assertThat(rest.items()).extracting(Task::priority).containsExactly(3, 4);
            assertThat(rest.next()).isEmpty();
        }
    }
}
