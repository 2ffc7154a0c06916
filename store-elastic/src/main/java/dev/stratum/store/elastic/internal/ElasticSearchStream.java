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
 * The documents of one search, fetched lazily in pages of {@code fetchSize}, as one consistent snapshot:
 * a query whose limit fits in one page is one plain search (exact, one round trip); any other opens a
 * point in time <em>before</em> its first search and reads every page from it ({@code from} for an
 * offset on the first, then {@code search_after} on the sort values of the last hit; the sort always
 * ends with the id, so the order is total). A document changed while the stream is read (even its sort
 * key) is therefore seen once, as of the opening, never twice or not at all. At most one page is held
 * in memory; the point in time is closed when the last page has been read or the stream is closed,
 * whichever comes first.
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

    /** One hit: its id, {@code _source} (sidecar still present), and the sequence number and primary term it was read at. */
    public record Found(String id, Map<String, Object> source, long seqNo, long primaryTerm) {}

    /** A lazily fetched stream of {@code _source}s (sidecar still present). */
    public static Stream<Map<String, Object>> open(ElasticConnection connection, Spec spec) {
        return hits(connection, spec, false).map(Found::source);
    }

    /**
     * A lazily fetched stream of hits with their {@code _seq_no}/{@code _primary_term}
     * ({@code seq_no_primary_term: true}), for writes conditional on the document being unchanged since it
     * was read ({@code if_seq_no}/{@code if_primary_term}).
     */
    public static Stream<Found> openHits(ElasticConnection connection, Spec spec) {
        return hits(connection, spec, true);
    }

    private static Stream<Found> hits(ElasticConnection connection, Spec spec, boolean seqNos) {
        if (spec.offset() >= MAX_RESULT_WINDOW) {
            throw new InvalidQueryException("offset " + spec.offset() + " on '" + spec.index() + "' is beyond index.max_result_window ("
                    + MAX_RESULT_WINDOW + "): Elasticsearch cannot skip that far; use keyset paging (PageRequest.first/after)");
        }
        return stream(new Pages(connection, spec, null, seqNos));
    }

    /**
     * A lazily fetched stream of {@code _source}s read from an open point in time that the caller
     * owns (it is kept alive, never closed here): every page is a {@code search_after} on it, so all
     * reads see the data as of its opening. {@code spec.index}, offset and limit are not used.
     */
    public static Stream<Map<String, Object>> openInPointInTime(ElasticConnection connection, Spec spec, String pointInTimeId) {
        return stream(new Pages(connection, spec, pointInTimeId, false)).map(Found::source);
    }

    private static Stream<Found> stream(Pages pages) {
        Spliterator<Found> split = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super Found> action) {
                Found next = pages.next();
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
        private final Deque<Found> buffer = new ArrayDeque<>();
        private final String keepAlive;
        private @Nullable List<FieldValue> after;
        private @Nullable String pit;
        private long delivered;
        private boolean exhausted;
        private boolean first = true;
        private final boolean ownPit;
        private final boolean seqNos;

        Pages(ElasticConnection connection, Spec spec, @Nullable String givenPit, boolean seqNos) {
            this.pit = givenPit;
            this.ownPit = givenPit == null;
            this.first = true;
            this.seqNos = seqNos;
            this.connection = connection;
            this.client = connection.client();
            this.spec = spec;
            this.keepAlive = Math.max(1, spec.keepAlive().toSeconds()) + "s";
        }

        @Nullable Found next() {
            if (buffer.isEmpty() && !exhausted) {
                fetch();
            }
            Found d = buffer.poll();
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
            boolean fromOffset = first && ownPit; // a caller's point in time is read without offset
            if (fromOffset && spec.offset() + size > MAX_RESULT_WINDOW) {
                size = MAX_RESULT_WINDOW - spec.offset();
            }
            int requested = size;
            SearchRequest.Builder b = new SearchRequest.Builder().query(spec.query()).sort(spec.sort()).size(size)
                    .trackTotalHits(t -> t.enabled(false));
            if (seqNos) {
                b.seqNoPrimaryTerm(true);
            }
            if (spec.includes() != null) {
                List<String> includes = spec.includes();
                b.source(s -> s.filter(f -> f.includes(includes)));
            }
            if (fromOffset && spec.offset() > 0) {
                b.from(spec.offset());
            }
            // one page answers the whole query: a plain search is exact; anything longer reads every page, the first
            // included, from one point in time opened before it, so that the pages form one snapshot
            boolean onePage = first && ownPit && spec.limit() > 0 && spec.limit() <= spec.fetchSize();
            if (onePage) {
                b.index(spec.index());
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
                Long seqNo = h.seqNo();
                Long term = h.primaryTerm();
                String hitId = h.id();
                buffer.add(new Found(hitId == null ? "" : hitId, source == null ? new LinkedHashMap<>() : source,
                        seqNo == null ? -1 : seqNo, term == null ? 0 : term));
            }
            if (!hits.isEmpty()) {
                after = new ArrayList<>(hits.get(hits.size() - 1).sort());
            }
            first = false;
            if (hits.size() < requested || (spec.limit() > 0 && delivered + buffer.size() >= spec.limit())) {
                exhausted = true;
                releasePit(); // the last page is read: the search context is not kept for the buffered hits
            }
        }

        void close() {
            exhausted = true;
            buffer.clear();
            releasePit();
        }

        private void releasePit() {
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
