package dev.stratum.testkit.memory;

import dev.stratum.api.Store;
import dev.stratum.api.StoreProvider;
import java.net.URI;
import java.util.Set;

/** Opens {@code memory://namespace} URIs: a new, empty {@link InMemoryStore} each time. */
public final class InMemoryStoreProvider implements StoreProvider {
    @Override
    public boolean supports(String scheme) {
        return "memory".equals(scheme);
    }

    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public Store open(URI uri) {
        String ns = uri.getHost() != null ? uri.getHost() : uri.getSchemeSpecificPart().replaceFirst("^//", "");
        return InMemoryStore.builder().namespace(ns.isEmpty() ? "memory" : ns).build();
    }
}
