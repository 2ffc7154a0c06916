package dev.stratum.api;

import java.net.URI;

/**
 * Service-provider interface through which {@link Stores#open(String)} finds stores. A store module
 * registers its provider in {@code META-INF/services/dev.stratum.api.StoreProvider}.
 */
public interface StoreProvider {

    /** Whether this provider opens URIs of this scheme ({@code mongodb}, {@code redis}, ...). */
    boolean supports(String scheme);

    /** Opens a store from a URI; {@link ConfigurationException} if the URI is malformed. */
    Store open(URI uri);
}
