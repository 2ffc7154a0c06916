package dev.stratum.testkit;

import static dev.stratum.api.Sort.asc;
import static dev.stratum.api.Sort.desc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Capability;
import dev.stratum.api.Filter;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.domain.Task;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Keyset paging: every page walked with no duplicates and no gaps, the last page without a next
 * request, stability under concurrent inserts and deletes, cursors bound to their query; and offset
 * paging where {@link Capability#OFFSET} is declared.
 */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class PagingGroup extends KitGroup {
    private static final Instant DAY0 = Instant.parse("2030-03-01T00:00:00Z");

    private static FuzzRecord numbers(String id, @Nullable Long n, @Nullable BigDecimal dec) {
        return new FuzzRecord(id, null, n, null, null, dec, null, null, null);
    }

    /**
     * Longs beyond 2^53 and decimals of 20+ digits (which a double cannot tell apart) order, compare and
     * page exactly: no neighbour with the same double value is skipped or repeated.
     */
    @Test
    void longsBeyondTwoToThe53AndLongDecimalsOrderAndPageExactly() {
        long big = 1L << 53;
        List<FuzzRecord> rows = List.of(numbers("a", big, new BigDecimal("12345678901234567890.1")),
                numbers("b", big + 1, new BigDecimal("12345678901234567890.2")),
                numbers("c", big + 2, new BigDecimal("12345678901234567890.3")),
                numbers("d", Long.MAX_VALUE, new BigDecimal("12345678901234567890.25")),
                numbers("e", Long.MAX_VALUE - 1, new BigDecimal("-12345678901234567890.2")),
                numbers("f", null, null));
        rows.forEach(fuzzRecords()::insert);
        assertThat(ids(fuzzRecords().find(Query.all().sortBy(desc("n"))))).containsExactly("d", "e", "c", "b", "a", "f");
        assertThat(ids(fuzzRecords().find(Query.where(Filter.gt("n", big + 1)).sortBy(asc("n"))))).containsExactly("c", "e", "d");
        assertThat(ids(fuzzRecords().find(Query.where(Filter.lte("n", big)).sortBy(asc("n"))))).containsExactly("a");
        assertWalksEveryRow("n");
        Optional<String> inexact = kit().exactDecimalsUncheckableReason();
        Assumptions.assumeTrue(inexact.isEmpty(), () -> inexact.orElse(""));
        assertThat(ids(fuzzRecords().find(Query.all().sortBy(asc("dec"))))).containsExactly("f", "e", "a", "b", "d", "c");
        assertThat(ids(fuzzRecords().find(Query.where(Filter.gte("dec", new BigDecimal("12345678901234567890.2"))).sortBy(asc("dec")))))
                .containsExactly("b", "d", "c");
        assertThat(ids(fuzzRecords().find(Query.where(Filter.eq("dec", new BigDecimal("12345678901234567890.20"))))))
                .containsExactly("b");
        assertWalksEveryRow("dec");
    }

    /**
     * {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} are values like any other: nulls still sort first ascending
     * and last descending, and keyset pages and streams keep that order (Lucene substitutes {@code Long.MIN_VALUE}
     * for a missing long in a sort, so a store on it must tell the two apart).
     */
    @Test
    void extremeLongsSortApartFromNullsAndPageExactly() {
        List<FuzzRecord> rows = List.of(numbers("a", Long.MIN_VALUE, null), numbers("b", null, null), numbers("c", Long.MAX_VALUE, null),
                numbers("d", 0L, null), numbers("e", Long.MIN_VALUE, null), numbers("f", null, null), numbers("g", Long.MAX_VALUE, null));
        rows.forEach(fuzzRecords()::insert);
        List<String> ascending = List.of("b", "f", "a", "e", "d", "c", "g");
        List<String> descending = List.of("c", "g", "d", "a", "e", "b", "f");
        Query up = Query.all().sortBy(asc("n"), asc("id"));
        assertThat(ids(fuzzRecords().find(up))).as("find %s", up).containsExactlyElementsOf(ascending);
        assertThat(walkFuzzRecords(up)).as("keyset pages of %s", up).containsExactlyElementsOf(ascending);
        assertThat(walkFuzzRecords(Query.all().sortBy(asc("n")))).as("keyset pages by n (id added)").containsExactlyElementsOf(ascending);
        Query down = Query.all().sortBy(desc("n"), asc("id"));
        assertThat(ids(fuzzRecords().find(down))).containsExactlyElementsOf(descending);
        assertThat(walkFuzzRecords(down)).as("keyset pages of %s", down).containsExactlyElementsOf(descending);
        assertThat(walkFuzzRecords(Query.all().sortBy(desc("n")))).as("keyset pages by n desc (id added)").containsExactlyElementsOf(descending);
        try (Stream<FuzzRecord> s = fuzzRecords().stream(down)) {
            assertThat(s.map(FuzzRecord::id).toList()).as("stream of %s", down).containsExactlyElementsOf(descending);
        }
        assertThat(ids(fuzzRecords().find(Query.all().sortBy(desc("n"), desc("id"))))).containsExactly("g", "c", "d", "e", "a", "f", "b");
        assertThat(ids(fuzzRecords().find(Query.where(Filter.eq("n", Long.MIN_VALUE)).sortBy(asc("id"))))).containsExactly("a", "e");
        assertThat(ids(fuzzRecords().find(Query.where(Filter.lt("n", 0L)).sortBy(asc("id"))))).containsExactly("a", "e");
        assertThat(ids(fuzzRecords().find(Query.where(Filter.eq("n", null)).sortBy(asc("id"))))).containsExactly("b", "f");
    }

    private List<String> walkFuzzRecords(Query q) {
        List<String> walked = new ArrayList<>();
        PageRequest request = PageRequest.first(1);
        while (true) {
            Page<FuzzRecord> page = fuzzRecords().page(q, request);
            walked.addAll(ids(page.items()));
            if (page.next().isEmpty()) {
                return walked;
            }
            assertThat(walked.size()).as("pages walked (runaway paging?)").isLessThan(100);
            request = page.next().get();
        }
    }

    private void assertWalksEveryRow(String key) {
        List<String> walked = new ArrayList<>();
        PageRequest request = PageRequest.first(1);
        while (true) {
            Page<FuzzRecord> page = fuzzRecords().page(Query.all().sortBy(asc(key)), request);
            walked.addAll(ids(page.items()));
            if (page.next().isEmpty()) {
                break;
            }
            request = page.next().get();
        }
        assertThat(walked).as("keyset pages sorted by %s", key)
                .containsExactlyElementsOf(ids(fuzzRecords().find(Query.all().sortBy(asc(key), asc("id")))));
    }

    private static List<String> ids(List<FuzzRecord> rows) {
        return rows.stream().map(FuzzRecord::id).toList();
    }

    /** {@code n} tasks {@code p000..}, priority {@code i % 5} (many ties), every third without a due date. */
    private List<Task> insertTasks(int n) {
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Task t = Task.create("paged " + i, i % 2 == 0 ? Task.Status.OPEN : Task.Status.DONE, i % 5)
                    .withId(String.format("p%03d", i))
                    .withDueDate(i % 3 == 0 ? null : DAY0.plusSeconds(3600L * (i % 7)));
            out.add(tasks().insert(t));
        }
        return out;
    }

    /** Walks every page of {@code q}; checks each page's size and the absence of a next request on the last one. */
    private List<Task> walk(Query q, int size, Consumer<Page<Task>> afterEachPage) {
        List<Task> all = new ArrayList<>();
        Page<Task> page = tasks().page(q, PageRequest.first(size));
        int pages = 1;
        while (true) {
            all.addAll(page.items());
            afterEachPage.accept(page);
            if (!page.hasNext()) {
                assertThat(page.cursor()).as("last page's cursor").isNull();
                break;
            }
            assertThat(page.items()).as("a page followed by another is full").hasSize(size);
            assertThat(page.cursor()).as("cursor of a page with a next one").isNotBlank();
            page = tasks().page(q, page.next().orElseThrow());
            assertThat(++pages).as("pages walked (runaway paging?)").isLessThan(10_000);
        }
        return all;
    }

    private List<Task> walk(Query q, int size) {
        return walk(q, size, p -> {});
    }

    @Test
    void walkingAllPagesVisitsEveryEntityOnceInOrder() {
        List<Task> inserted = insertTasks(53);
        List<Task> walked = walk(Query.all().sortBy(asc("priority")), 10);
        assertThat(taskIds(walked)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(taskIds(inserted));
        assertThat(walked).extracting(Task::priority).isSorted();
    }

    @Test
    void walkingPagesOfANullableDescendingKeyCrossesTheNullRegion() {
        List<Task> inserted = insertTasks(31);
        List<Task> walked = walk(Query.all().sortBy(desc("dueDate")), 4);
        assertThat(taskIds(walked)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(taskIds(inserted));
        List<Instant> dues = walked.stream().map(Task::dueDate).toList();
        int firstNull = dues.indexOf(null);
        assertThat(dues.subList(firstNull, dues.size())).as("nulls last when descending").containsOnlyNulls();
        assertThat(dues.subList(0, firstNull)).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void walkingPagesWithSeveralKeysAndAFilter() {
        List<Task> inserted = insertTasks(40);
        Query q = Query.where(Filter.eq("status", Task.Status.OPEN)).sortBy(desc("priority"), asc("dueDate"));
        List<Task> walked = walk(q, 3);
        assertThat(taskIds(walked)).doesNotHaveDuplicates()
                .as("the order of find() with the id as last key")
                .containsExactlyElementsOf(taskIds(tasks().find(q.sortBy(desc("priority"), asc("dueDate"), asc("id")))))
                .containsExactlyInAnyOrderElementsOf(taskIds(inserted.stream().filter(t -> t.status() == Task.Status.OPEN).toList()));
    }

    @Test
    void walkingPagesOfAnUnsortedQueryUsesTheId() {
        List<Task> inserted = insertTasks(25);
        List<Task> walked = walk(Query.all(), 7);
        assertThat(taskIds(walked)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(taskIds(inserted));
    }

    @Test
    void exactlyOnePageOfResultsHasNoNextPage() {
        insertTasks(10);
        Page<Task> page = tasks().page(Query.all().sortBy(asc("priority")), PageRequest.first(10));
        assertThat(page.items()).hasSize(10);
        assertThat(page.hasNext()).as("no empty trailing page").isFalse();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void anEmptyResultIsOneEmptyLastPage() {
        insertTasks(5);
        Page<Task> page = tasks().page(Query.where(Filter.eq("assigneeId", "nobody")), PageRequest.first(10));
        assertThat(page.items()).isEmpty();
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    void pagingIsStableWhenEntitiesAreInsertedOrDeletedBetweenPages() {
        for (int i = 0; i < 20; i++) {
            tasks().insert(Task.create("stable " + i, Task.Status.OPEN, 10 + i).withId(String.format("s%02d", i)));
        }
        Query q = Query.all().sortBy(asc("priority"));
        Page<Task> first = tasks().page(q, PageRequest.first(5));
        assertThat(first.items()).extracting(Task::priority).containsExactly(10, 11, 12, 13, 14);

        tasks().insert(Task.create("before the cursor", Task.Status.OPEN, 5).withId("before"));
        tasks().insert(Task.create("at the cursor's priority, id after", Task.Status.OPEN, 14).withId("s99"));
        tasks().insert(Task.create("after the cursor", Task.Status.OPEN, 100).withId("after"));
        tasks().deleteById("s10"); // not yet visited

        List<Task> rest = new ArrayList<>();
        Page<Task> page = tasks().page(q, first.next().orElseThrow());
        while (true) {
            rest.addAll(page.items());
            if (!page.hasNext()) {
                break;
            }
            page = tasks().page(q, page.next().orElseThrow());
        }
        List<String> restIds = taskIds(rest);
        assertThat(restIds).as("entities inserted before the cursor position do not appear").doesNotContain("before")
                .as("entities inserted after it do").contains("after", "s99")
                .as("deleted entities do not").doesNotContain("s10")
                .as("nothing of the first page comes again").doesNotContainAnyElementsOf(taskIds(first.items()))
                .doesNotHaveDuplicates()
                .hasSize(20 - 5 - 1 + 2);
        assertThat(rest).extracting(Task::priority).isSorted();
    }

    @Test
    void aCursorOfOneQueryIsRejectedByAnother() {
        insertTasks(12);
        Query a = Query.where(Filter.eq("status", Task.Status.OPEN)).sortBy(asc("priority"));
        String cursor = tasks().page(a, PageRequest.first(2)).cursor();
        assertThat(cursor).isNotNull();

        Query otherFilter = Query.where(Filter.eq("status", Task.Status.DONE)).sortBy(asc("priority"));
        Query otherDirection = Query.where(Filter.eq("status", Task.Status.OPEN)).sortBy(desc("priority"));
        Query otherKeys = Query.where(Filter.eq("status", Task.Status.OPEN)).sortBy(asc("priority"), asc("dueDate"));
        for (Query b : List.of(otherFilter, otherDirection, otherKeys, Query.all())) {
            assertThatThrownBy(() -> tasks().page(b, PageRequest.after(cursor, 2))).as("cursor of %s used on %s", a, b)
                    .isInstanceOf(InvalidQueryException.class);
        }
        assertThat(tasks().page(a, PageRequest.after(cursor, 2)).items()).as("on its own query it works").hasSize(2);
    }

    @Test
    void aGarbageOrTamperedCursorIsRejected() {
        insertTasks(6);
        Query q = Query.all().sortBy(asc("priority"));
        String good = tasks().page(q, PageRequest.first(2)).cursor();
        assertThat(good).isNotNull();
        for (String bad : List.of("garbage", "!!not base64!!", "", "AAAA", good.substring(0, good.length() / 2), good + "AAAA")) {
            assertThatThrownBy(() -> tasks().page(q, PageRequest.after(bad, 2))).as("cursor '%s'", bad)
                    .isInstanceOf(InvalidQueryException.class);
        }
    }

    @Test
    void offsetPagingWhereDeclaredElseRefused() {
        List<Task> inserted = insertTasks(10);
        Query q = Query.all().sortBy(asc("priority"), asc("id"));
        if (!supports(Capability.OFFSET)) {
            assertThatThrownBy(() -> tasks().page(q, PageRequest.offset(0, 4))).isInstanceOf(QueryNotSupportedException.class)
                    .hasMessageContaining(store());
            assertThatThrownBy(() -> tasks().find(q.offset(2))).isInstanceOf(QueryNotSupportedException.class)
                    .hasMessageContaining(store());
            return;
        }
        List<String> expected = taskIds(tasks().find(q));
        assertThat(expected).hasSameSizeAs(inserted);
        Page<Task> p1 = tasks().page(q, PageRequest.offset(0, 4));
        Page<Task> p2 = tasks().page(q, p1.next().orElseThrow());
        Page<Task> p3 = tasks().page(q, p2.next().orElseThrow());
        assertThat(taskIds(p1.items())).containsExactlyElementsOf(expected.subList(0, 4));
        assertThat(taskIds(p2.items())).containsExactlyElementsOf(expected.subList(4, 8));
        assertThat(taskIds(p3.items())).containsExactlyElementsOf(expected.subList(8, 10));
        assertThat(p3.hasNext()).isFalse();
        assertThat(taskIds(tasks().find(q.offset(7)))).containsExactlyElementsOf(expected.subList(7, 10));
        assertThat(taskIds(tasks().find(q.offset(2).limit(3)))).containsExactlyElementsOf(expected.subList(2, 5));
        assertThat(tasks().count(q.offset(7))).isEqualTo(3);
    }

    /** A projection of Task without the sort key (the pager fetches it anyway). */
    public record Title(String id, String title) {}

    @Test
    void pagingWithAProjectionType() {
        List<Task> inserted = insertTasks(9);
        Query q = Query.all().sortBy(desc("dueDate"));
        List<Title> walked = new ArrayList<>();
        Page<Title> p = tasks().page(q, PageRequest.first(4), Title.class);
        walked.addAll(p.items());
        while (p.hasNext()) {
            p = tasks().page(q, p.next().get(), Title.class);
            walked.addAll(p.items());
        }
        assertThat(walked).extracting(Title::id).doesNotHaveDuplicates().containsExactlyElementsOf(taskIds(walk(q, 4)));
        assertThat(walked).extracting(Title::id).containsExactlyInAnyOrderElementsOf(taskIds(inserted));
        assertThat(walked).allSatisfy(t -> assertThat(t.title()).startsWith("paged "));
    }
}
