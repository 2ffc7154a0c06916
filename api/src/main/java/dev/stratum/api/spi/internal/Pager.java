package dev.stratum.api.spi.internal;

import dev.stratum.api.internal.KeysetCursor;
import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.CursorKey;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.api.spi.DocumentPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keyset and offset paging over a store's fetch: sort keys completed by the id, opaque cursors tied
 * to the filter and sort, one extra document fetched to know whether a next page exists. The paging
 * half of {@code AbstractRepository}; the store's keyset hook decides how "after these values" is
 * executed.
 */
public final class Pager {
    private final String idProperty;
    private final Capabilities capabilities;
    private final EntityMapper mapper;
    private final CursorKey cursorKey;
    private final SortKeyRules rules;

    public Pager(String idProperty, Capabilities capabilities, EntityMapper mapper, CursorKey cursorKey, SortKeyRules rules) {
        this.idProperty = idProperty;
        this.capabilities = capabilities;
        this.mapper = mapper;
        this.cursorKey = cursorKey;
        this.rules = rules;
    }

    /** What keyset paging needs to know of the entity's fields. */
    public interface SortKeyRules {
        /** Refuses ({@link InvalidQueryException}) keyset paging sorted by a field whose values may be of several types. */
        void requirePageable(String field);

        /** A value read from a cursor, checked against the field's type like a query value (or {@link InvalidQueryException}). */
        @Nullable Object cursorValue(String field, @Nullable Object value);
    }

    /** The number of documents to fetch for a page: one more than its size, to know whether a next page exists. */
    public static int fetchSize(PageRequest request) {
        return request.size() == Integer.MAX_VALUE ? Integer.MAX_VALUE : request.size() + 1;
    }

    /** How a page is fetched: the query (sorted by {@code keys}, limited), and the last values of the previous page or null. */
    @FunctionalInterface
    public interface Fetch {
        List<Map<String, Object>> fetch(Query query, List<Sort> keys, @Nullable List<@Nullable Object> after);
    }

    /**
     * One page of documents of a prepared query.
     *
     * @param extraFields fields the caller maps besides the query's projection (a projection type's), or null for whole documents
     */
    public Page<Map<String, Object>> page(Query prepared, PageRequest request, @Nullable Collection<String> extraFields, Fetch fetch) {
        Query base = extraFields == null ? prepared : prepared.project(extraFields.toArray(String[]::new));
        if (request.isOffset()) {
            capabilities.require(Capability.OFFSET, "offset paging");
            List<Map<String, Object>> docs = fetch.fetch(base.offset(request.offset()).limit(fetchSize(request)), base.sort(), null);
            boolean more = docs.size() > request.size();
            // an offset beyond Integer.MAX_VALUE cannot be asked for: the walk ends there
            boolean addressable = (long) request.offset() + request.size() <= Integer.MAX_VALUE;
            return new Page<>(more ? docs.subList(0, request.size()) : docs,
                    more && addressable ? Optional.of(PageRequest.offset(request.offset() + request.size(), request.size())) : Optional.empty());
        }
        if (prepared.offset() > 0 || prepared.limit() > 0) {
            throw new InvalidQueryException("keyset paging takes its size from the PageRequest; remove limit/offset from the query");
        }
        List<Sort> keys = new ArrayList<>(prepared.sort());
        if (keys.stream().noneMatch(s -> s.field().equals(idProperty))) {
            keys.add(Sort.asc(idProperty));
        }
        keys.forEach(k -> rules.requirePageable(k.field()));
        long fingerprint = KeysetCursor.fingerprint(prepared.filter().orElse(null), keys);
        Query q = base.sortBy(keys).limit(fetchSize(request));
        if (!q.projection().isEmpty()) {
            Set<String> fields = new LinkedHashSet<>(q.projection());
            keys.forEach(k -> fields.add(k.field()));
            q = q.project(fields.toArray(String[]::new));
        }
        List<Object> last = request.cursor().isPresent() ? decode(request.cursor().get(), fingerprint, keys) : null;
        List<Map<String, Object>> docs = fetch.fetch(q, keys, last);
        boolean more = docs.size() > request.size();
        List<Map<String, Object>> pageDocs = more ? docs.subList(0, request.size()) : docs;
        if (!more) {
            return new Page<>(pageDocs, Optional.empty());
        }
        Map<String, Object> lastDoc = pageDocs.get(pageDocs.size() - 1);
        List<Object> values = new ArrayList<>(keys.size());
        for (Sort k : keys) {
            Object v = DocumentPath.get(lastDoc, k.field());
            values.add(v == DocumentPath.ABSENT ? null : mapper.toValue(v));
        }
        return new Page<>(pageDocs, Optional.of(PageRequest.after(KeysetCursor.encode(cursorKey, fingerprint, values), request.size())));
    }

    private List<@Nullable Object> decode(String cursor, long fingerprint, List<Sort> keys) {
        List<@Nullable Object> raw = KeysetCursor.decode(cursorKey, cursor, fingerprint, keys.size());
        List<@Nullable Object> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object v = rules.cursorValue(keys.get(i).field(), raw.get(i));
            if (v == null && keys.get(i).field().equals(idProperty)) {
                throw new InvalidQueryException("page cursor holds no id value");
            }
            out.add(v);
        }
        return out;
    }
}
