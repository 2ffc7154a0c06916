package dev.stratum.store.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.stratum.api.Query;
import dev.stratum.store.elastic.internal.ElasticRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One Elasticsearch point in time over every index of a store (the indexes behind its aliases, see
 * {@link ElasticStore#openPointInTime()}): all reads through
 * it see the documents as they were when it was opened, whatever is written meanwhile — the
 * consistent read of a backup export. Opened by {@link ElasticStore#openPointInTime()}; close it to
 * release the server's resources (it also expires after the store's {@code pointInTimeKeepAlive}
 * without reads).
 *
 * <pre>{@code
 * try (ElasticPointInTime pit = store.openPointInTime();
 *      Stream<Task> tasks = pit.stream(Task.class, Query.all())) {
 *     tasks.forEach(out::write);                 // as of pit.openedAt()
 * }
 * }</pre>
 */
public final class ElasticPointInTime implements AutoCloseable {
    private final ElasticStore store;
    private final ElasticsearchClient client;
    /** Null when the store had no index to open it on (every stream is then empty). */
    private final @Nullable String id;
    private final Map<String, List<String>> indicesByAlias;
    private final Instant openedAt;

    ElasticPointInTime(ElasticStore store, ElasticsearchClient client, @Nullable String id, Map<String, List<String>> indicesByAlias, Instant openedAt) {
        this.store = store;
        this.client = client;
        this.id = id;
        this.indicesByAlias = Map.copyOf(indicesByAlias);
        this.openedAt = openedAt;
    }

    /** When it was opened (the store's clock): the data read is as of this moment; expiry is judged at it. */
    public Instant openedAt() {
        return openedAt;
    }

    /** The concrete indexes each alias named when it was opened. */
    public Map<String, List<String>> indicesByAlias() {
        return indicesByAlias;
    }

    /**
     * The entities of a type that match {@code query} as of {@link #openedAt()}, fetched lazily with
     * bounded memory ({@code search_after} pages); close the stream. An entity type whose index did
     * not exist at that moment has none.
     */
    @SuppressWarnings("unchecked")
    public <T> Stream<T> stream(Class<T> entityType, Query query) {
        ElasticRepository<T, ?> repository = (ElasticRepository<T, ?>) store.<T, Object>repository(entityType).unwrap(ElasticRepository.class);
        List<String> indices = indicesByAlias.getOrDefault(store.aliasOf(entityType), List.of());
        String pit = id;
        if (indices.isEmpty() || pit == null) {
            return Stream.empty();
        }
        return repository.streamInPointInTime(pit, indices, query, openedAt.toEpochMilli());
    }

    /** Closes the point in time on the server. Never throws. */
    @Override
    public void close() {
        String pit = id;
        if (pit == null) {
            return;
        }
        try {
            client.closePointInTime(c -> c.id(pit));
        } catch (Exception e) {
            // it expires after its keep-alive anyway
        }
    }

    /** The server's point-in-time id, null when no index was there to open it on (for tests). */
    @Nullable String id() {
        return id;
    }

    @Override
    public String toString() {
        return "ElasticPointInTime[" + indicesByAlias.keySet() + " at " + openedAt + "]";
    }
}
