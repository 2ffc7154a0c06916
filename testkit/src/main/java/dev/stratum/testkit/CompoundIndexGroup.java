package dev.stratum.testkit;

import static dev.stratum.api.Sort.asc;
import static dev.stratum.api.Sort.desc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.stratum.api.Capability;
import dev.stratum.api.Filter;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.testkit.domain.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A compound index serves equality on its leading fields plus filters and sort on the next field
 * ({@link dev.stratum.api.CompoundIndex}): "one asset's readings in a time range, sorted by time" on
 * {@link Reading}, whose {@code ts} and {@code seq} have no index of their own. Every store runs it
 * without {@link Query#allowScan()}; a store that needs indexes refuses the same range without the
 * leading equality.
 */
abstract class CompoundIndexGroup extends KitGroup {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final long BIG = 9_007_199_254_740_992L; // 2^53: neighbours a double cannot tell apart

    private List<Reading> seed() {
        List<Reading> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String asset = "a" + (i % 3);
            Instant ts = i % 7 == 3 ? null : T0.plusSeconds(60L * (i % 13)); // ties and nulls
            all.add(new Reading(String.format("r%02d", i), asset, i % 2 == 0 ? "cpu" : "mem", ts, BIG + (i % 11), i * 0.5));
        }
        readings().saveAll(all).throwIfFailed();
        return all;
    }

    private static List<String> ids(List<Reading> rs) {
        return rs.stream().map(Reading::id).toList();
    }

    private static Comparator<Reading> byTs(boolean ascending) {
        Comparator<Instant> order = ascending ? Comparator.nullsFirst(Comparator.<Instant>naturalOrder())
                : Comparator.nullsLast(Comparator.<Instant>reverseOrder());
        return Comparator.comparing(Reading::ts, order).thenComparing(Reading::id);
    }

    private static List<String> expected(List<Reading> all, Predicate<Reading> p, Comparator<Reading> order, int limit) {
        return all.stream().filter(p).sorted(order).limit(limit).map(Reading::id).toList();
    }

    @Test
    void equalityOnTheLeadingFieldWithRangeAndSortOnTheNext() {
        List<Reading> all = seed();
        Instant lo = T0.plusSeconds(120);
        Instant hi = T0.plusSeconds(600);
        Predicate<Reading> p = r -> r.assetId().equals("a1") && r.ts() != null && !r.ts().isBefore(lo) && r.ts().isBefore(hi);
        Filter f = Filter.and(Filter.eq("assetId", "a1"), Filter.gte("ts", lo), Filter.lt("ts", hi));
        assertThat(ids(readings().find(Query.where(f).sortBy(asc("ts"))))).containsExactlyElementsOf(expected(all, p, byTs(true), 100));
        assertThat(ids(readings().find(Query.where(f).sortBy(desc("ts")).limit(3))))
                .containsExactlyElementsOf(expected(all, p, byTs(false), 3));
        assertThat(readings().count(Query.where(f))).isEqualTo(all.stream().filter(p).count());
    }

    @Test
    void equalityAloneSortedByTheNextFieldPutsNullsFirstAscendingAndLastDescending() {
        List<Reading> all = seed();
        Predicate<Reading> p = r -> r.assetId().equals("a2");
        Query q = Query.where(Filter.eq("assetId", "a2"));
        assertThat(ids(readings().find(q.sortBy(asc("ts"))))).containsExactlyElementsOf(expected(all, p, byTs(true), 100));
        assertThat(ids(readings().find(q.sortBy(desc("ts"))))).containsExactlyElementsOf(expected(all, p, byTs(false), 100));
        assertThat(ids(readings().find(q.sortBy(desc("ts")).limit(4)))).containsExactlyElementsOf(expected(all, p, byTs(false), 4));
        if (supports(Capability.OFFSET)) {
            assertThat(ids(readings().find(q.sortBy(asc("ts")).offset(2).limit(3))))
                    .containsExactlyElementsOf(expected(all, p, byTs(true), 5).subList(2, 5));
        }
    }

    @Test
    void keysetPagingWalksOneAssetsRangeInTimeOrder() {
        List<Reading> all = seed();
        Instant lo = T0.plusSeconds(60);
        Predicate<Reading> p = r -> r.assetId().equals("a0") && r.ts() != null && r.ts().isAfter(lo);
        Query q = Query.where(Filter.and(Filter.eq("assetId", "a0"), Filter.gt("ts", lo))).sortBy(asc("ts"));
        List<String> walked = new ArrayList<>();
        Page<Reading> page = readings().page(q, PageRequest.first(2));
        int pages = 1;
        while (true) {
            walked.addAll(ids(page.items()));
            if (!page.hasNext()) {
                break;
            }
            page = readings().page(q, page.next().orElseThrow());
            assertThat(++pages).as("pages walked").isLessThan(100);
        }
        assertThat(walked).containsExactlyElementsOf(expected(all, p, byTs(true), 100));
    }

    @Test
    void equalityAndExactRangeOnADescendingLongBeyondTwoToThe53() {
        List<Reading> all = seed();
        Predicate<Reading> p = r -> r.kind().equals("mem") && r.seq() > BIG + 4 && r.seq() <= BIG + 8;
        Comparator<Reading> bySeqDesc = Comparator.comparing(Reading::seq).reversed().thenComparing(Reading::id);
        Query q = Query.where(Filter.and(Filter.eq("kind", "mem"), Filter.gt("seq", BIG + 4), Filter.lte("seq", BIG + 8)));
        assertThat(ids(readings().find(q.sortBy(desc("seq"))))).containsExactlyElementsOf(expected(all, p, bySeqDesc, 100));
        assertThat(ids(readings().find(Query.where(Filter.and(Filter.eq("kind", "cpu"), Filter.eq("seq", BIG + 5))))))
                .containsExactlyInAnyOrderElementsOf(expected(all, r -> r.kind().equals("cpu") && r.seq() == BIG + 5, bySeqDesc, 100));
    }

    @Test
    void withoutTheLeadingEqualityTheNextFieldIsNotIndexed() {
        seed();
        assumeFalse(supports(Capability.UNINDEXED_FIELDS), () -> store() + " queries any field; nothing to refuse");
        assertThatThrownBy(() -> readings().find(Query.where(Filter.gt("ts", T0))))
                .isInstanceOf(QueryNotSupportedException.class).hasMessageContaining("ts");
        assertThatThrownBy(() -> readings().find(Query.where(Filter.eq("assetId", "a1")).sortBy(asc("seq"))))
                .isInstanceOf(QueryNotSupportedException.class).hasMessageContaining("seq");
    }
}
