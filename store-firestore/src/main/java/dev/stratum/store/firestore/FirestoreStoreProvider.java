package dev.stratum.store.firestore;

import dev.stratum.api.Store;
import dev.stratum.api.StoreProvider;
import java.net.URI;
import java.util.Set;

/** Opens {@link FirestoreStore}s for {@code firestore://} URIs through {@link dev.stratum.api.Stores#open(String)}. */
public final class FirestoreStoreProvider implements StoreProvider {

    /** For {@link java.util.ServiceLoader}. */
    public FirestoreStoreProvider() {}

    @Override
    public boolean supports(String scheme) {
        return "firestore".equalsIgnoreCase(scheme);
    }

    @Override
    public Set<String> schemes() {
        return Set.of("firestore");
    }

    @Override
    public Store open(URI uri) {
        return FirestoreStore.open(uri.toString());
    }
}
