package dev.stratum.store.redis;

import dev.stratum.api.Store;
import dev.stratum.api.StoreProvider;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Opens {@link RedisStore}s for {@code redis://}, {@code rediss://}, {@code redis-sentinel://},
 * {@code rediss-sentinel://}, {@code redis-cluster://} and {@code rediss-cluster://} URIs through
 * {@link dev.stratum.api.Stores#open(String)}.
 */
public final class RedisStoreProvider implements StoreProvider {
    private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster",
            "rediss-cluster");

    /** For {@link java.util.ServiceLoader}. */
    public RedisStoreProvider() {}

    @Override
    public boolean supports(String scheme) {
        return SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
    }

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public Store open(URI uri) {
        return RedisStore.open(uri.toString());
    }
}
