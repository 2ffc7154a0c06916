package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.CompoundIndex;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.memory.InMemoryStore;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Equality on a compound index's leading field, sorted by its next field, with a small limit (#16 §3):
 * the window is read straight from the prefix's live sorted set by the small window script — one
 * command per query, no temporary key — in exactly the general order (nulls first ascending and last
 * descending, ties by id ascending), skipping and healing phantoms, and falling back to the general
 * script when the sorted set lacks a candidate.
 */
class RedisQueryWindowTest {
    @Entity("window_items")
    @CompoundIndex(name = "by_group_rank", fields = {"group", "rank"})
    record Item(@Id String id, @Indexed String group, @Nullable Double rank) {}

    private static final List<String> COMMANDS = new CopyOnWriteArrayList<>();
    private static RedisClient client;
    private static RedisStore store;
    private static Repository<Item, String> items;
    private static List<Item> all = new ArrayList<>();

    @BeforeAll
    static void seed() {
        client = RedisClient.create();
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                COMMANDS.add(event.getCommand().getType().toString());
            }
        });
        store = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("win" + UUID.randomUUID().toString().substring(0, 8))
                .client(client).fetchSize(50).build();
        items = store.repository(Item.class);
        Double[] ranks = {null, -Double.MAX_VALUE, -3.0, 0.0, 0.0, 1.5, 2.0, 2.0, 2.0, 7.0, Double.MAX_VALUE, 9.007199254740993e15};
        for (int i = 0; i < 120; i++) {
            all.add(new Item(String.format("i%03d", (i * 37) % 120), i % 3 == 0 ? "other" : "g", ranks[i % ranks.length]));
        }
        items.saveAll(all).throwIfFailed();
    }

    @AfterAll
    static void close() {
        items.deleteAll(Query.all());
        store.close();
        client.shutdown();
    }

    private static Comparator<Item> order(boolean descending) {
        Comparator<Item> byRank = Comparator.comparing(Item::rank, Comparator.nullsFirst(Comparator.<Double>naturalOrder()));
        return (descending ? byRank.reversed() : byRank).thenComparing(Item::id);
    }

    private static List<String> expected(List<Item> from, String group, boolean descending, int offset, int limit) {
        return from.stream().filter(i -> i.group().equals(group)).sorted(order(descending)).skip(offset).limit(limit).map(Item::id).toList();
    }

    private static Query query(String group, boolean descending, int offset, int limit) {
        return Query.where(Filter.eq("group", group)).sortBy(descending ? Sort.desc("rank") : Sort.asc("rank")).offset(offset).limit(limit);
    }

    @Test
    void windowsFollowTheGeneralOrderWithNullsTiesAndExtremes() {
        for (boolean descending : new boolean[] {true, false}) {
            for (int offset : new int[] {0, 1, 4, 7, 33, 79, 90}) {
                for (int limit : new int[] {1, 2, 5, 20, 50}) {
                    assertThat(items.find(query("g", descending, offset, limit))).extracting(Item::id)
                            .as("desc=%s offset=%d limit=%d", descending, offset, limit)
                            .containsExactlyElementsOf(expected(all, "g", descending, offset, limit));
                }
            }
        }
        // sorted by id ascending after the rank: the same order
        assertThat(items.find(Query.where(Filter.eq("group", "other")).sortBy(Sort.desc("rank"), Sort.asc("id")).limit(15)))
                .extracting(Item::id).containsExactlyElementsOf(expected(all, "other", true, 0, 15));
        assertThat(items.find(query("none", true, 0, 20))).isEmpty();
    }

    /** Calls per command from {@code INFO commandstats} (commands run by scripts included). */
    private static java.util.Map<String, Long> commandStats(RedisCommands<String, String> raw) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (String line : raw.info("commandstats").split("\\r?\\n")) {
            if (line.startsWith("cmdstat_")) {
                out.put(line.substring(8, line.indexOf(':')), Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*$", "$1")));
            }
        }
        return out;
    }

    @Test
    void oneRoundTripAFewReadsAndNoTemporaryKey() {
        @SuppressWarnings("unchecked")
        RedisCommands<String, String> raw = store.unwrap(RedisCommands.class);
        items.find(query("g", true, 0, 20)); // scripts loaded, indexes read
        COMMANDS.clear();
        java.util.Map<String, Long> before = commandStats(raw);
        for (int i = 0; i < 4; i++) {
            items.find(query("g", i % 2 == 0, i, 20));
        }
        java.util.Map<String, Long> after = commandStats(raw);
        assertThat(COMMANDS.stream().filter(c -> !c.equals("INFO"))).as("sent by the store").containsOnly("EVALSHA").hasSize(4);
        java.util.Map<String, Long> delta = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0 && !k.equals("info")) {
                delta.put(k, d);
            }
        });
        // per query: SCARD + ZCARD (is the sorted set complete?), the window (ZRANGE ascending; descending: two
        // one-member ZREVRANGEs, then one ZRANGEBYSCORE when the window is one tie group, else ZREVRANGE plus
        // ZCOUNT/ZRANGEBYSCORE for the groups cut by its edges) and one MGET; nothing stored
        assertThat(delta).containsEntry("evalsha", 4L).containsEntry("scard", 4L).containsEntry("zcard", 4L).containsEntry("mget", 4L)
                .doesNotContainKeys("exists", "zinterstore", "zunionstore", "zdiffstore", "zrangestore", "zadd", "del", "pexpire");
        assertThat(delta.values().stream().mapToLong(Long::longValue).sum()).as("%s", delta).isLessThanOrEqualTo(4 * 10);
        assertThat(raw.keys("{" + store.config().keyPrefix() + ":window_items}:tmp:*")).isEmpty();
    }

    @Test
    void phantomsAreSkippedHealedAndNeverShortenTheWindow() {
        @SuppressWarnings("unchecked")
        RedisCommands<String, String> raw = store.unwrap(RedisCommands.class);
        try (RedisStore own = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("winph" + UUID.randomUUID().toString().substring(0, 8))
                .fetchSize(50).build()) {
            Repository<Item, String> mine = own.repository(Item.class);
            mine.saveAll(all).throwIfFailed();
            List<String> top = expected(all, "g", true, 0, 10);
            List<Item> live = new ArrayList<>(all);
            for (String gone : List.of(top.get(0), top.get(3), top.get(4), top.get(9))) {
                raw.del("{" + own.config().keyPrefix() + ":window_items}:d:" + gone);
                live.removeIf(i -> i.id().equals(gone));
            }
            assertThat(mine.find(query("g", true, 0, 20))).extracting(Item::id).containsExactlyElementsOf(expected(live, "g", true, 0, 20));
            assertThat(mine.count(Query.where(Filter.eq("group", "g")))).isEqualTo(live.stream().filter(i -> i.group().equals("g")).count());
            assertThat(mine.find(query("g", true, 3, 20))).extracting(Item::id).containsExactlyElementsOf(expected(live, "g", true, 3, 20));
            mine.deleteAll(Query.all());
        }
    }

    @Test
    void aCandidateMissingFromTheSortedSetSortsAsNullThroughTheGeneralScript() {
        @SuppressWarnings("unchecked")
        RedisCommands<String, String> raw = store.unwrap(RedisCommands.class);
        try (RedisStore own = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("winmiss" + UUID.randomUUID().toString().substring(0, 8))
                .fetchSize(50).build()) {
            Repository<Item, String> mine = own.repository(Item.class);
            mine.saveAll(all).throwIfFailed();
            String id = expected(all, "g", true, 0, 1).get(0);
            // as for a document written before the index was declared: no entry in the prefix's sorted set
            long removed = 0;
            for (String key : raw.keys("{" + own.config().keyPrefix() + ":window_items}:x:by_group_rank:*:n")) {
                removed += raw.zrem(key, id);
            }
            assertThat(removed).isEqualTo(1);
            List<Item> asNull = all.stream().map(i -> i.id().equals(id) ? new Item(id, i.group(), null) : i).toList();
            assertThat(mine.find(query("g", true, 0, 20))).extracting(Item::id).containsExactlyElementsOf(expected(asNull, "g", true, 0, 20));
            assertThat(mine.find(query("g", false, 0, 5))).extracting(Item::id).containsExactlyElementsOf(expected(asNull, "g", false, 0, 5));
            mine.deleteAll(Query.all());
        }
    }

    /** The fuzzer's record and values (nulls, -0.0, extremes, ties) against the in-memory reference store. */
    @Test
    void agreesWithTheReferenceStoreOnTheFuzzRecord() {
        Double[] doubles = {null, 0.0, -0.0, 1.5, -2.25, 3.0, 42.0, 1e300, -1e-300, -Double.MAX_VALUE, Double.MIN_VALUE, 3.0};
        Boolean[] flags = {true, false, null};
        List<FuzzRecord> rows = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            rows.add(new FuzzRecord(String.format("r%03d", (i * 53) % 150), null, null, null, doubles[i % doubles.length], null,
                    flags[(i / 4) % 3], null, null));
        }
        try (RedisStore own = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("winref" + UUID.randomUUID().toString().substring(0, 8))
                .fetchSize(40).build(); InMemoryStore memory = InMemoryStore.create()) {
            Repository<FuzzRecord, String> redisRows = own.repository(FuzzRecord.class);
            Repository<FuzzRecord, String> reference = memory.repository(FuzzRecord.class);
            redisRows.saveAll(rows).throwIfFailed();
            reference.saveAll(rows).throwIfFailed();
            for (boolean flag : new boolean[] {true, false}) {
                for (Sort first : List.of(Sort.asc("d"), Sort.desc("d"))) {
                    for (int offset : new int[] {0, 3, 17, 49}) {
                        for (int limit : new int[] {1, 6, 20, 40}) {
                            Query q = Query.where(Filter.eq("b", flag)).sortBy(first, Sort.asc("id")).offset(offset).limit(limit);
                            assertThat(redisRows.find(q)).extracting(FuzzRecord::id).as("%s", q)
                                    .containsExactlyElementsOf(reference.find(q).stream().map(FuzzRecord::id).toList());
                        }
                    }
                }
            }
            redisRows.deleteAll(Query.all());
        }
    }

    @Test
    void keysetPagesWithTheSameSortWalkEveryMatchOnce() {
        List<String> seen = new ArrayList<>();
        Page<Item> page = items.page(Query.where(Filter.eq("group", "g")).sortBy(Sort.desc("rank")), PageRequest.first(7));
        while (true) {
            page.items().forEach(i -> seen.add(i.id()));
            if (page.next().isEmpty()) {
                break;
            }
            page = items.page(Query.where(Filter.eq("group", "g")).sortBy(Sort.desc("rank")), page.next().get());
        }
        assertThat(seen).containsExactlyElementsOf(expected(all, "g", true, 0, 1000));
    }
}
