package dev.stratum.store.elastic;

import dev.stratum.api.Store;
import dev.stratum.api.StoreProvider;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Opens {@code elasticsearch://}, {@code elasticsearchs://}, {@code http://} and {@code https://} URIs
 * for {@code Stores.open(uri)} (registered through {@link java.util.ServiceLoader}).
 *
 * <pre>{@code
 * try (Store store = Stores.open("elasticsearch://localhost:9200/?prefix=orders_")) { ... }
 * }</pre>
 */
public final class ElasticStoreProvider implements StoreProvider {
    private static final Set<String> SCHEMES = Set.of("elasticsearch", "elasticsearchs", "http", "https");

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public boolean supports(String scheme) {
        return SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
    }

    @Override
    public Store open(URI uri) {
        return ElasticStore.open(uri.toString());
    }
}
