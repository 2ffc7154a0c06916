package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.BulkResult;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.testkit.redis.RedisTestCluster;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code saveAll} sends each batch of {@code writeBatchSize} writes in one socket flush, not one per
 * entity, on a single server and on a cluster: every flush on the store's channels is counted by a
 * Netty handler (no timing involved).
 */
class RedisBulkFlushTest {
    @Entity("flush_items")
    record Item(@Id String id, @Indexed String group, @Indexed int rank) {}

    private static final int BATCH = 100;
    private static final AtomicLong FLUSHES = new AtomicLong();
    private static ClientResources resources;
    private static RedisClient client;
    private static RedisStore store;
    private static Repository<Item, String> items;

    @BeforeAll
    static void open() {
        resources = counting(FLUSHES);
        client = RedisClient.create(resources);
        store = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("fl" + UUID.randomUUID().toString().substring(0, 8))
                .client(client).writeBatchSize(BATCH).build();
        items = store.repository(Item.class);
        items.saveAll(batch("warm", 3)).throwIfFailed(); // scripts loaded, indexes read, connection open
    }

    /** Client resources whose channels count every flush (a write of buffered commands to the socket). */
    private static ClientResources counting(AtomicLong flushes) {
        return ClientResources.builder().nettyCustomizer(new NettyCustomizer() {
            @Override
            public void afterChannelInitialized(Channel channel) {
                channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext ctx) throws Exception {
                        flushes.incrementAndGet();
                        super.flush(ctx);
                    }
                });
            }
        }).build();
    }

    @AfterAll
    static void close() {
        items.deleteAll(Query.all());
        store.close();
        client.shutdown();
        var unused = resources.shutdown();
    }

    private static List<Item> batch(String group, int n) {
        List<Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Item(group + "-" + i, group, i));
        }
        return out;
    }

    @Test
    void saveAllFlushesOncePerBatch() {
        List<Item> all = batch("bulk", 5 * BATCH + 7); // 6 batches
        long before = FLUSHES.get();
        BulkResult<Item> result = items.saveAll(all);
        long flushes = FLUSHES.get() - before;
        result.throwIfFailed();
        assertThat(result.saved()).hasSize(all.size());
        // one per batch, plus at most one for the index-definition check a write makes once a second
        assertThat(flushes).as("flushes for %d writes in batches of %d", all.size(), BATCH).isLessThanOrEqualTo(6 + 1);
        assertThat(items.count(Query.where(Filter.eq("group", "bulk")))).isEqualTo(all.size());
    }

    @Test
    void aScriptMissingOnTheServerIsLoadedAndTheBatchCompletes() {
        @SuppressWarnings("unchecked")
        StatefulRedisConnection<String, String> raw = store.unwrap(StatefulRedisConnection.class);
        raw.sync().scriptFlush(); // every EVALSHA of the next batch answers NOSCRIPT: each is sent again as EVAL
        List<Item> all = batch("noscript", BATCH + 1);
        BulkResult<Item> result = items.saveAll(all);
        result.throwIfFailed();
        assertThat(items.count(Query.where(Filter.eq("group", "noscript")))).isEqualTo(all.size());
        assertThat(items.findById("noscript-7")).contains(new Item("noscript-7", "noscript", 7));
    }

    @Test
    void saveAllOnAClusterFlushesOncePerBatch() {
        AtomicLong clusterFlushes = new AtomicLong();
        ClientResources counted = counting(clusterFlushes);
        try (RedisStore cluster = RedisStore.builder().uri(RedisTestCluster.shared().uri())
                .keyPrefix("fl" + UUID.randomUUID().toString().substring(0, 8)).clientResources(counted).writeBatchSize(BATCH).build()) {
            Repository<Item, String> repo = cluster.repository(Item.class);
            repo.saveAll(batch("warm", 3)).throwIfFailed(); // node connections open, scripts loaded on the slot's node
            List<Item> all = batch("bulk", 5 * BATCH + 7);
            long before = clusterFlushes.get();
            BulkResult<Item> result = repo.saveAll(all);
            long flushes = clusterFlushes.get() - before;
            result.throwIfFailed();
            // one collection is one hash slot ({prefix:collection}), so one node and one flush per batch; a little
            // slack for a topology refresh the cluster client may run meanwhile
            assertThat(flushes).as("flushes for %d writes in batches of %d", all.size(), BATCH).isLessThanOrEqualTo(6 + 4);
            assertThat(repo.count(Query.where(Filter.eq("group", "bulk")))).isEqualTo(all.size());
            repo.deleteAll(Query.all());
        } finally {
            var unused = counted.shutdown();
        }
    }
}
