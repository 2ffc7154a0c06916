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

    /**
     * These capabilities with {@code capability} supported or not, e.g. a repository whose consistency setting
     * differs from the store's default: {@code store.capabilities().with(Capability.READ_YOUR_WRITES, false)}.
     */
    public Capabilities with(Capability capability, boolean supported) {
        if (supports(capability) == supported) {
            return this;
        }
        EnumSet<Capability> set = this.supported.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(this.supported);
        if (supported) {
            set.add(capability);
        } else {
            set.remove(capability);
        }
        return new Capabilities(store, set, maxDocumentBytes);
    }

    /** Throws {@link QueryNotSupportedException} naming {@code construct} unless supported. */
    public void require(Capability capability, String construct) {
        if (!supports(capability)) {
            throw new QueryNotSupportedException(store, construct);
        }
    }
}
