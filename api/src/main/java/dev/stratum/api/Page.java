package dev.stratum.api;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of results.
 *
 * @param items the entities of this page, in query order
 * @param next the request for the following page, empty on the last page
 * @param <T> entity type
 */
public record Page<T>(List<T> items, Optional<PageRequest> next) {
    public Page {
        items = List.copyOf(items);
    }

    /** Whether another page follows. */
    public boolean hasNext() {
        return next.isPresent();
    }

    /** The opaque keyset cursor of the next page, if any (store it in a URL, pass it to {@link PageRequest#after}). */
    public @Nullable String cursor() {
        return next.flatMap(PageRequest::cursor).orElse(null);
    }
}
