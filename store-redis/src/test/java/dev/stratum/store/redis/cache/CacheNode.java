package dev.stratum.store.redis.cache;

import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.cache.CacheConfig;
import dev.stratum.cache.CachingRepository;
import dev.stratum.api.spi.RemoteCache;
import dev.stratum.cache.event.CacheEvent;
import dev.stratum.store.redis.RedisRemoteCache;
import dev.stratum.store.redis.RedisStoreConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * One application instance of the cache tests: its own {@link RedisRemoteCache} (own connections, as
 * a separate JVM would have) and caching decorator over a shared store repository.
 */
final class CacheNode implements AutoCloseable {
    final RedisRemoteCache remote;
    final Repository<Note, String> notes;
    final CachingRepository<Note, String> cache;
    final List<CacheEvent> events = new CopyOnWriteArrayList<>();

    CacheNode(String redisUri, Repository<Note, String> store, String prefix, UnaryOperator<RemoteCache> wrap,
            UnaryOperator<CacheConfig.Builder<Note>> custom) {
        this.remote = RedisRemoteCache.create(RedisStoreConfig.builder().uri(redisUri)
                .commandTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofMillis(500)).build());
        CacheConfig.Builder<Note> b = CacheConfig.<Note>builder()
                .keyPrefix(prefix)
                .remote(wrap.apply(remote))
                .remoteTimeout(Duration.ofMillis(200))
                .remoteRetryInterval(Duration.ofMillis(200))
                .listener(events::add);
        this.notes = Repositories.decorate(store).with(custom.apply(b).build()).build();
        this.cache = notes.unwrap(CachingRepository.class);
    }

    CacheNode(String redisUri, Repository<Note, String> store, String prefix) {
        this(redisUri, store, prefix, r -> r, b -> b);
    }

    <E extends CacheEvent> long count(Class<E> type) {
        return events.stream().filter(type::isInstance).count();
    }

    @Override
    public void close() {
        cache.close();
        remote.close();
    }
}
