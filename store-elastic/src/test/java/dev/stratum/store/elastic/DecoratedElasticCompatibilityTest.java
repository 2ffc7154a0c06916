package dev.stratum.store.elastic;

import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.cache.CacheConfig;
import dev.stratum.cache.CachingRepository;
import dev.stratum.tracing.TracingConfig;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The decorators keep the {@link Repository} contract over Elasticsearch: a repository wrapped in the
 * cache (Caffeine L1) and tracing passes the whole {@link RepositoryCompatibilityKit}.
 *
 * <p>Only the TTL expiry check is skipped ({@link #ttlExpiryUnobservableReason()}): the cache serves an entity
 * until its own TTL even after the store expired it, as documented in CACHING_AND_OBSERVABILITY.md.
 */
class DecoratedElasticCompatibilityTest extends RepositoryCompatibilityKit {
    private static ElasticStore store;
    private static final Map<Class<?>, Repository<?, ?>> DECORATED = new ConcurrentHashMap<>();

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("deco");
    }

    @AfterAll
    static void close() {
        DECORATED.values().forEach(r -> r.unwrap(CachingRepository.class).close());
        DECORATED.clear();
        if (store != null) {
            store.close();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return (Repository<T, ID>) DECORATED.computeIfAbsent(entityType, t -> Repositories.decorate(store.<T, ID>repository(entityType))
                .with(CacheConfig.<T>builder().ttl(Duration.ofMinutes(1)).build())
                .with(TracingConfig.defaults(OpenTelemetry.noop()))
                .build());
    }

    /** A cache serves entities until its own TTL: store-side expiry is not observable through it. */
    @Override
    protected Optional<String> ttlExpiryUnobservableReason() {
        return Optional.of("the cache in front of the store (Caffeine L1, TTL 1 minute) keeps serving an entity until the cache's own TTL"
                + " after the store expired it, so store-side expiry is not observable through the decorated repository"
                + " (CACHING_AND_OBSERVABILITY.md); the undecorated ElasticCompatibilityTest kit checks expiry");
    }

    /** The undecorated store: typed repositories and transactions (the kit's StoreEntryPoints group). */
    @Override
    protected Optional<Store> store() {
        return Optional.of(store);
    }
}
