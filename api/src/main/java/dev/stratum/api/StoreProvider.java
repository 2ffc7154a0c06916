package dev.stratum.api;

import java.net.URI;
import java.util.Set;

/**
 * Service-provider interface through which {@link Stores#open(String)} finds stores. A store module
 * registers its provider in {@code META-INF/services/dev.stratum.api.StoreProvider}.
 */
public interface StoreProvider {

    /** Whether this provider opens URIs of this scheme ({@code mongodb}, {@code redis}, ...). */
    boolean supports(String scheme);

    /**
     * The URI schemes this provider opens, lower case, for messages such as {@link Stores#open}'s when no
     * provider fits; empty if the provider does not say (the message then names its class).
     */
    default Set<String> schemes() {
        return Set.of();
    }

    /** Opens a store from a URI; {@link ConfigurationException} if the URI is malformed. */
    Store open(URI uri);
}
