package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Queries meet index entries whose document is gone: a "phantom" (evicted, or deleted by a plain
 * {@code DEL} behind Stratum's back) or an expired entity not purged yet (the query purges a bounded
 * number per call, #11 defect 4). Such entries are never returned, never end a window or a page early,
 * and are purged (healed) when a read meets them, so counts are exact afterwards.
 */
class RedisQueryHealingTest {
    @Entity("heal_items")
    record Item(@Id String id, @Indexed String group, @Indexed int rank) {}

    /** Expires one second after {@code at}. */
    @Entity("heal_leases")
    record Lease(@Id String id, @Indexed String owner, @Indexed(ttlSeconds = 1) Instant at) {}

    private static RedisStore store(int fetchSize) {
        return RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("heal" + UUID.randomUUID().toString().substring(0, 8))
                .fetchSize(fetchSize).sweepInterval(Duration.ofHours(1)).build();
    }

    @SuppressWarnings("unchecked")
    private static RedisCommands<String, String> raw(RedisStore store) {
        return store.unwrap(RedisCommands.class);
    }

    private static List<Item> seedWithPhantoms(RedisStore store, Repository<Item, String> items) {
        List<Item> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(new Item(String.format("i%02d", i), "g", i % 4));
        }
        items.saveAll(all).throwIfFailed();
        for (int i : new int[] {3, 4, 5, 17}) {
            raw(store).del("{" + store.config().keyPrefix() + ":heal_items}:d:" + String.format("i%02d", i));
        }
        List<Item> live = new ArrayList<>(all);
        live.removeIf(it -> List.of("i03", "i04", "i05", "i17").contains(it.id()));
        return live;
    }

    private static List<String> ids(List<Item> items) {
        return items.stream().map(Item::id).toList();
    }

    @Test
    void aLimitedQueryFillsItsWindowPastPhantomsAndCountsHealAfterwards() {
        try (RedisStore store = store(500)) {
            Repository<Item, String> items = store.repository(Item.class);
            List<Item> live = seedWithPhantoms(store, items);
            Query q = Query.where(Filter.eq("group", "g"));
            assertThat(ids(items.find(q.limit(20)))).containsExactlyElementsOf(ids(live).subList(0, 20));
            assertThat(ids(items.find(q.sortBy(Sort.desc("rank")).limit(5)))).hasSize(5);
            assertThat(items.count(q)).as("phantoms met are purged, so the count is exact").isEqualTo(live.size());
            assertThat(items.count(Query.all())).isEqualTo(live.size());
        }
    }

    @Test
    void pagesAndStreamsDoNotEndEarlyAtPhantoms() {
        try (RedisStore store = store(3)) {
            Repository<Item, String> items = store.repository(Item.class);
            List<Item> live = seedWithPhantoms(store, items);
            Query q = Query.where(Filter.eq("group", "g")).sortBy(Sort.asc("rank"));
            List<String> expected = live.stream().sorted(java.util.Comparator.comparing(Item::rank).thenComparing(Item::id)).map(Item::id)
                    .toList();
            try (Stream<Item> s = items.stream(q)) {
                assertThat(s.map(Item::id).collect(Collectors.toList())).containsExactlyElementsOf(expected);
            }
            // the stream healed them; make new phantoms for the pages
            List<Item> again = seedWithPhantoms(store, items);
            List<String> walked = new ArrayList<>();
            Page<Item> page = items.page(q, PageRequest.first(7));
            while (true) {
                walked.addAll(ids(page.items()));
                if (!page.hasNext()) {
                    break;
                }
                assertThat(page.items()).as("a page followed by another is full").hasSize(7);
                page = items.page(q, page.next().orElseThrow());
            }
            assertThat(walked).containsExactlyElementsOf(again.stream()
                    .sorted(java.util.Comparator.comparing(Item::rank).thenComparing(Item::id)).map(Item::id).toList());
        }
    }

    @Test
    void aBurstOfExpiriesIsPurgedInBoundedStepsAndNeverReturned() {
        try (RedisStore store = store(500)) {
            Repository<Lease, String> leases = store.repository(Lease.class);
            Instant now = Instant.now();
            List<Lease> fresh = List.of(new Lease("f1", "ann", now.plus(Duration.ofHours(1))), new Lease("f2", "ann", now.plus(Duration.ofHours(2))),
                    new Lease("f3", "bob", now.plus(Duration.ofHours(3))));
            leases.saveAll(fresh).throwIfFailed();
            List<Lease> burst = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                burst.add(new Lease(String.format("a%05d", i), "ann", now.plus(Duration.ofHours(1))));
            }
            leases.saveAll(burst).throwIfFailed();
            String exp = "{" + store.config().keyPrefix() + ":heal_leases}:exp";
            // all of them expire at once, after the last write (writes purge what is due themselves): the
            // state Redis and the write script leave when a burst's expiry time passes
            long past = System.currentTimeMillis() - 1000;
            raw(store).eval("for i = 2, #ARGV do redis.call('PEXPIREAT', ARGV[1] .. ARGV[i], " + past + ") "
                    + "redis.call('ZADD', KEYS[1], " + past + ", ARGV[i]) end return 0", io.lettuce.core.ScriptOutputType.INTEGER,
                    new String[] {exp}, Stream.concat(Stream.of("{" + store.config().keyPrefix() + ":heal_leases}:d:"),
                            burst.stream().map(Lease::id)).toArray(String[]::new));
            assertThat(raw(store).zcard(exp)).isEqualTo(3003);
            assertThat(leases.count(Query.where(Filter.eq("owner", "ann")))).isEqualTo(2);
            assertThat(raw(store).zcard(exp)).as("one query purges a bounded number of expired entries").isGreaterThan(1000);
            assertThat(leases.count(Query.all())).isEqualTo(3);
            assertThat(leases.find(Query.where(Filter.eq("owner", "ann")).limit(10)).stream().map(Lease::id)).containsExactly("f1", "f2");
            assertThat(leases.find(Query.all().sortBy(Sort.asc("at")).offset(1).limit(1)).stream().map(Lease::id)).containsExactly("f2");
            assertThat(leases.find(Query.all().sortBy(Sort.desc("owner")).limit(2)).stream().map(Lease::id)).containsExactly("f3", "f1");
            for (int i = 0; i < 10 && raw(store).zcard(exp) > 3; i++) {
                leases.count(Query.all());
            }
            assertThat(raw(store).zcard(exp)).as("later queries purge the rest").isEqualTo(3);
        }
    }
}
