package dev.stratum.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a store can do, published by {@link Store#capabilities()} and {@link Repository#capabilities()}.
 *
 * <pre>{@code
 * if (tasks.capabilities().supports(Capability.TEXT_SEARCH)) {
 *     results = tasks.find(Query.text("database outage"));
 * }
 * }</pre>
 *
 * @param store the store's name as in the database semantic conventions ({@code mongodb},
 *     {@code redis}, {@code elasticsearch}, {@code gcp.firestore}; {@code memory} for the testkit)
 * @param supported the supported capabilities
 * @param maxDocumentBytes the largest document the store accepts, as the encoded size Stratum checks
 *     before writing
 */
public record Capabilities(String store, Set<Capability> supported, long maxDocumentBytes) {
    public Capabilities {
        supported = supported.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(supported));
    }

    /** Whether {@code capability} is supported. */
    public boolean supports(Capability capability) {
        return supported.contains(capability);
    }

    /** Throws {@link QueryNotSupportedException} naming {@code construct} unless supported. */
    public void require(Capability capability, String construct) {
        if (!supports(capability)) {
            throw new QueryNotSupportedException(store, construct);
        }
    }
}
