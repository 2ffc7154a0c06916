package dev.stratum.api;

import java.util.List;

/**
 * The outcome of {@link Repository#saveAll(Iterable)}: entities are written independently, so some
 * may succeed while others fail. Good entities are kept.
 *
 * <pre>{@code
 * BulkResult<Task> result = tasks.saveAll(batch);
 * result.failures().forEach(f -> log.warn("task #{} not saved: {}", f.index(), f.error().getMessage()));
 * result.throwIfFailed(); // or handle
 * }</pre>
 *
 * @param saved the written entities as stored (ids, versions, timestamps assigned), in input order
 * @param failures the failed entities, in input order
 * @param <T> entity type
 */
public record BulkResult<T>(List<T> saved, List<Failure<T>> failures) {
    public BulkResult {
        saved = List.copyOf(saved);
        failures = List.copyOf(failures);
    }

    /** One entity that was not written. */
    public record Failure<T>(int index, T entity, DataAccessException error) {}

    public boolean hasFailures() {
        return !failures.isEmpty();
    }

    /** Throws a {@link DataAccessException} summarising the failures (first one as cause) if any. */
    public BulkResult<T> throwIfFailed() {
        if (!failures.isEmpty()) {
            Failure<T> first = failures.get(0);
            DataAccessException e = new DataAccessException(first.error().errorCode(),
                    failures.size() + " of " + (saved.size() + failures.size()) + " entities not written; first at index "
                            + first.index() + ": " + first.error().getMessage(), first.error());
            failures.stream().skip(1).forEach(f -> e.addSuppressed(f.error()));
            throw e;
        }
        return this;
    }
}
