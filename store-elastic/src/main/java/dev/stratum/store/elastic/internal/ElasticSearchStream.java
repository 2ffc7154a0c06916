package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.stratum.api.InvalidQueryException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The documents of one search, fetched lazily in pages of {@code fetchSize}: the first page is a plain
 * search (with {@code from} for an offset), so a query that fits in one page costs one round trip;
 * when more is needed a point in time is opened and the following pages are read from it with
 * {@code search_after} on the sort values of the last hit (the sort always ends with the id, so the
 * order is total). At most one page is held in memory; closing the stream closes the point in time.
 *
 * <p>{@code from + size} may not exceed {@code index.max_result_window} (10,000 by default): a larger
 * offset is refused with an {@link InvalidQueryException} that points to keyset paging.
 */
public final class ElasticSearchStream {
    /** Elasticsearch's default {@code index.max_result_window}. */
    public static final int MAX_RESULT_WINDOW = 10_000;

    private ElasticSearchStream() {}

    /** The shape of one search. */
    public record Spec(String index, co.elastic.clients.elasticsearch._types.query_dsl.Query query, List<SortOptions> sort,
            @Nullable List<String> includes, int offset, int limit, int fetchSize, Duration keepAlive, String what) {}

    /** A lazily fetched stream of {@code _source}s (sidecar still present). */
    public static Stream<Map<String, Object>> open(ElasticConnection connection, Spec spec) {
        if (spec.offset() >= MAX_RESULT_WINDOW) {
            throw new InvalidQueryException("offset " + spec.offset() + " on '" + spec.index() + "' is beyond index.max_result_window ("
                    + MAX_RESULT_WINDOW + "): Elasticsearch cannot skip that far; use keyset paging (PageRequest.first/after)");
        }
        return stream(new Pages(connection, spec, null));
    }

    /**
     * A lazily fetched stream of {@code _source}s read from an open point in time that the caller
     * owns (it is kept alive, never closed here): every page is a {@code search_after} on it, so all
     * reads see the data as of its opening. {@code spec.index}, offset and limit are not used.
     */
    public static Stream<Map<String, Object>> openInPointInTime(ElasticConnection connection, Spec spec, String pointInTimeId) {
        return stream(new Pages(connection, spec, pointInTimeId));
    }

    private static Stream<Map<String, Object>> stream(Pages pages) {
        Spliterator<Map<String, Object>> split = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super Map<String, Object>> action) {
                Map<String, Object> next = pages.next();
                if (next == null) {
                    return false;
                }
                action.accept(next);
                return true;
            }
        };
        return StreamSupport.stream(split, false).onClose(pages::close);
    }

    private static final class Pages {
        private final ElasticConnection connection;
        private final ElasticsearchClient client;
        private final Spec spec;
        private final Deque<Map<String, Object>> buffer = new ArrayDeque<>();
        private final String keepAlive;
        private @Nullable List<FieldValue> after;
        private @Nullable String pit;
        private long delivered;
        private boolean exhausted;
        private boolean first = true;
        private final boolean ownPit;

        Pages(ElasticConnection connection, Spec spec, @Nullable String givenPit) {
            this.pit = givenPit;
            this.ownPit = givenPit == null;
            this.first = givenPit == null;
            this.connection = connection;
            this.client = connection.client();
            this.spec = spec;
            this.keepAlive = Math.max(1, spec.keepAlive().toSeconds()) + "s";
        }

        @Nullable Map<String, Object> next() {
            if (buffer.isEmpty() && !exhausted) {
                fetch();
            }
            Map<String, Object> d = buffer.poll();
            if (d != null) {
                delivered++;
            }
            return d;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void fetch() {
            long remaining = spec.limit() > 0 ? spec.limit() - delivered : Long.MAX_VALUE;
            if (remaining <= 0) {
                exhausted = true;
                return;
            }
            int size = (int) Math.min(remaining, spec.fetchSize());
            if (first && spec.offset() + size > MAX_RESULT_WINDOW) {
                size = MAX_RESULT_WINDOW - spec.offset();
            }
            int requested = size;
            SearchRequest.Builder b = new SearchRequest.Builder().query(spec.query()).sort(spec.sort()).size(size)
                    .trackTotalHits(t -> t.enabled(false));
            if (spec.includes() != null) {
                List<String> includes = spec.includes();
                b.source(s -> s.filter(f -> f.includes(includes)));
            }
            if (first) {
                b.index(spec.index());
                if (spec.offset() > 0) {
                    b.from(spec.offset());
                }
            } else {
                if (pit == null) {
                    pit = connection.call(spec.what(), () -> client.openPointInTime(p -> p.index(spec.index()).keepAlive(k -> k.time(keepAlive))).id());
                }
                String id = pit;
                b.pit(p -> p.id(id).keepAlive(k -> k.time(keepAlive)));
                if (after != null) {
                    b.searchAfter(after);
                }
            }
            SearchRequest request = b.build();
            SearchResponse<ElasticStoredSource> response = connection.call(spec.what(), () -> client.search(request, ElasticStoredSource.class));
            if (response.pitId() != null) {
                pit = response.pitId();
            }
            List<Hit<ElasticStoredSource>> hits = response.hits().hits();
            for (Hit<ElasticStoredSource> h : hits) {
                Map<String, Object> source = h.source();
                buffer.add(source == null ? new LinkedHashMap<>() : source);
            }
            if (!hits.isEmpty()) {
                after = new ArrayList<>(hits.get(hits.size() - 1).sort());
            }
            first = false;
            if (hits.size() < requested) {
                exhausted = true;
            }
        }

        void close() {
            exhausted = true;
            buffer.clear();
            String id = pit;
            pit = null;
            if (id != null && ownPit) {
                try {
                    client.closePointInTime(c -> c.id(id));
                } catch (Exception e) {
                    // it expires after its keep-alive anyway
                }
            }
        }
    }
}
