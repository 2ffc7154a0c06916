package dev.stratum.store.mongo;

import dev.stratum.api.Store;
import dev.stratum.api.StoreProvider;
import java.net.URI;
import java.util.Set;

/**
 * Opens {@code mongodb://} and {@code mongodb+srv://} URIs for {@link dev.stratum.api.Stores#open(String)}
 * (registered in {@code META-INF/services/dev.stratum.api.StoreProvider}). Every setting that has a
 * URI option can be given in the URI; for credential suppliers, TLS material or per-entity options use
 * {@link MongoStore#builder()}.
 *
 * <pre>{@code
 * Store store = Stores.open("mongodb://localhost:27017/tracker?maxPoolSize=20&w=majority");
 * }</pre>
 */
public final class MongoStoreProvider implements StoreProvider {

    @Override
    public boolean supports(String scheme) {
        return "mongodb".equalsIgnoreCase(scheme) || "mongodb+srv".equalsIgnoreCase(scheme);
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mongodb", "mongodb+srv");
    }

    @Override
    public Store open(URI uri) {
        return MongoStore.open(uri.toString());
    }
}
