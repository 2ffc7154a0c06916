package dev.stratum.store.redis.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.cache.CacheConfig;
import dev.stratum.cache.CachingRepository;
import dev.stratum.store.redis.RedisRemoteCache;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.redis.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two tenants partitioned by key prefix on one Redis (what the Redis README recommends), each behind
 * the cache with the same L2: neither may ever read the other's entity, neither through L1, nor L2,
 * nor the invalidation bus. The default cache name comes from {@code StoreInfo.namespace}, which
 * must therefore carry the key prefix.
 */
class CachePartitionIsolationTest {
    private RedisStore one;
    private RedisStore two;
    private RedisRemoteCache l2;
    private Repository<Note, String> cachedOne;
    private Repository<Note, String> cachedTwo;

    @BeforeEach
    void open() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String uri = RedisTestServer.shared().uri();
        one = RedisStore.builder().uri(uri).keyPrefix("tenant1-" + run).build();
        two = RedisStore.builder().uri(uri).keyPrefix("tenant2-" + run).build();
        l2 = RedisRemoteCache.create(uri);
        CacheConfig<Note> config = CacheConfig.<Note>builder().ttl(Duration.ofMinutes(1)).remote(l2).keyPrefix("iso" + run + ":")
                .remoteTimeout(Duration.ofSeconds(1)).build();
        cachedOne = Repositories.decorate(one.<Note, String>repository(Note.class)).with(config).build();
        cachedTwo = Repositories.decorate(two.<Note, String>repository(Note.class)).with(config).build();
    }

    @AfterEach
    void close() {
        cachedOne.unwrap(CachingRepository.class).close();
        cachedTwo.unwrap(CachingRepository.class).close();
        l2.close();
        one.close();
        two.close();
    }

    @Test
    void namespacesOfTwoKeyPrefixesDiffer() {
        assertThat(one.repository(Note.class).storeInfo().namespace())
                .isNotEqualTo(two.repository(Note.class).storeInfo().namespace())
                .contains("tenant1-");
    }

    @Test
    void samePrimaryKeyInTwoPartitionsNeverLeaks() {
        cachedOne.save(new Note("n1", "tenant one's secret", 0));
        assertThat(cachedOne.findById("n1")).map(Note::text).hasValue("tenant one's secret");
        // tenant two has no such entity: the shared L2 must not answer for it
        assertThat(cachedTwo.findById("n1")).isEmpty();
        cachedTwo.save(new Note("n1", "tenant two's note", 0));
        assertThat(cachedTwo.findById("n1")).map(Note::text).hasValue("tenant two's note");
        assertThat(cachedOne.findById("n1")).map(Note::text).hasValue("tenant one's secret");
        // a write in partition two does not evict or replace partition one's entry either
        cachedTwo.deleteById("n1");
        assertThat(cachedOne.findById("n1")).map(Note::text).hasValue("tenant one's secret");
        assertThat(cachedTwo.findById("n1")).isEmpty();
    }
}
