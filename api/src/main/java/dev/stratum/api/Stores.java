package dev.stratum.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Opens a store by URI through the {@link StoreProvider}s on the class path.
 *
 * <pre>{@code
 * Store mongo = Stores.open("mongodb://localhost:27017/tracker");
 * Store redis = Stores.open("redis://localhost:6379/0");
 * }</pre>
 *
 * <p>Explicit construction ({@code MongoStore.builder()...build()}) always works too and offers every
 * option; this entry point suits configuration-driven applications.
 */
public final class Stores {
    private Stores() {}

    /**
     * Opens the store named by {@code uri}.
     *
     * @throws ConfigurationException if the URI is malformed or no provider on the class path handles
     *     its scheme (the message lists the schemes that are available, never the URI's credentials)
     */
    public static Store open(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("malformed store URI: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = parsed.getScheme();
        if (scheme == null) {
            throw new ConfigurationException("store URI has no scheme (expected e.g. mongodb://, redis://, memory://)");
        }
        List<String> seen = new ArrayList<>();
        for (StoreProvider provider : ServiceLoader.load(StoreProvider.class, Stores.class.getClassLoader())) {
            if (provider.supports(scheme)) {
                return provider.open(parsed);
            }
            Set<String> schemes = provider.schemes();
            if (schemes.isEmpty()) {
                seen.add("(" + provider.getClass().getSimpleName() + ")");
            } else {
                schemes.stream().sorted().map(s -> s + "://").forEach(seen::add);
            }
        }
        throw new ConfigurationException("no store provider for scheme '" + scheme + "' on the class path (schemes available: "
                + (seen.isEmpty() ? "none" : String.join(", ", seen)) + "); add the matching stratum-store-* dependency");
    }
}
