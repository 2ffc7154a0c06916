package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.stratum.api.CursorKey;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.spi.KeysetCursors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Keyset paging through Elasticsearch's native {@code search_after}: one search per page, sorted by
 * the query's keys (contract null order) plus the id, or by relevance then id for a text search
 * without keys. The opaque cursor (Stratum's {@link KeysetCursors} format, bound to the query's filter,
 * sort and text) carries the sort values Elasticsearch returned for the page's last hit, which go back
 * verbatim as {@code search_after}: no range filter is rebuilt, and deep pages cost the same as the
 * first. The cursor is signed with the repository's {@link CursorKey}, so the values sent back are ones this
 * store produced. Pages of entities and of projection types take this path alike.
 *
 * <p>Stable under concurrent inserts and deletes like any keyset when the sort keys are stored values: a row whose
 * keys do not change is neither skipped nor repeated. Relevance order (a text search without sort keys) is not
 * stable in that sense: a hit's {@code _score} depends on index statistics that writes change, so a row can move
 * across the cursor between two pages (page a text search of a changing index with explicit sort keys, or read it
 * through a point in time).
 */
final class ElasticKeysetPager {
    private ElasticKeysetPager() {}

    @SuppressWarnings({"rawtypes", "unchecked"})
    static <T> Page<T> page(ElasticConnection connection, String alias, Query prepared, PageRequest request,
            co.elastic.clients.elasticsearch._types.query_dsl.Query query, List<SortOptions> sort, String idProperty,
            Function<Map<String, Object>, T> decode, CursorKey cursorKey) {
        if (prepared.offset() > 0 || prepared.limit() > 0) {
            throw new InvalidQueryException("keyset paging takes its size from the PageRequest; remove limit/offset from the query");
        }
        long fingerprint = fingerprint(prepared);
        SearchRequest.Builder b = new SearchRequest.Builder().index(alias).query(query).sort(sort).size(window(request) + 1)
                .trackTotalHits(t -> t.enabled(false));
        if (request.cursor().isPresent()) {
            List<Object> after = KeysetCursors.decode(cursorKey, request.cursor().get(), fingerprint, sort.size());
            List<FieldValue> values = new ArrayList<>(after.size());
            after.forEach(v -> values.add(toFieldValue(v)));
            b.searchAfter(values);
        }
        if (!prepared.projection().isEmpty()) {
            Set<String> fields = new LinkedHashSet<>(prepared.projection());
            fields.add(idProperty);
            fields.add(ElasticMapping.SIDECAR + "." + ElasticMapping.NEGATIVE_ZEROS); // to restore -0.0
            List<String> includes = new ArrayList<>(fields);
            b.source(s -> s.filter(f -> f.includes(includes)));
        }
        SearchRequest r = b.build();
        SearchResponse<ElasticStoredSource> response = connection.call("page through " + alias,
                () -> connection.client().search(r, ElasticStoredSource.class));
        List<Hit<ElasticStoredSource>> hits = response.hits().hits();
        boolean more = hits.size() > window(request);
        List<Hit<ElasticStoredSource>> pageHits = more ? hits.subList(0, window(request)) : hits;
        List<T> items = new ArrayList<>(pageHits.size());
        for (Hit<ElasticStoredSource> h : pageHits) {
            Map<String, Object> source = h.source() == null ? new LinkedHashMap<>() : h.source();
            items.add(decode.apply(ElasticDocuments.fromSource(source)));
        }
        if (!more) {
            return new Page<>(items, Optional.empty());
        }
        List<Object> last = new ArrayList<>();
        for (FieldValue v : pageHits.get(pageHits.size() - 1).sort()) {
            last.add(fromFieldValue(v));
        }
        return new Page<>(items, Optional.of(PageRequest.after(KeysetCursors.encode(cursorKey, fingerprint, last), request.size())));
    }

    /**
     * The entities one search returns: the request's size, at most {@link #MAX_WINDOW} - 1 (Elasticsearch refuses
     * {@code size} over {@code index.max_result_window}, 10,000 by default). A larger page request gets pages of
     * 9,999 with a cursor to the rest.
     */
    private static int window(PageRequest request) {
        return Math.min(request.size(), MAX_WINDOW - 1);
    }

    /** Elasticsearch's default {@code index.max_result_window}. */
    private static final int MAX_WINDOW = 10_000;

    /** The cursor's binding: filter and sort as the shared keyset cursor does, plus the text of a text search. */
    private static long fingerprint(Query q) {
        long f = KeysetCursors.fingerprint(q.filter().orElse(null), q.sort());
        return q.text().isPresent() ? f * 31 + q.text().get().hashCode() : f;
    }

    private static FieldValue toFieldValue(@Nullable Object v) {
        if (v == null) {
            return FieldValue.NULL;
        }
        if (v instanceof Long || v instanceof Integer) {
            return FieldValue.of(((Number) v).longValue());
        }
        if (v instanceof Double d) {
            return FieldValue.of(d);
        }
        if (v instanceof Boolean z) {
            return FieldValue.of(z);
        }
        return FieldValue.of(String.valueOf(v));
    }

    private static @Nullable Object fromFieldValue(FieldValue v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isLong()) {
            return v.longValue();
        }
        if (v.isDouble()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isString()) {
            return v.stringValue();
        }
        return String.valueOf(v._get());
    }
}
