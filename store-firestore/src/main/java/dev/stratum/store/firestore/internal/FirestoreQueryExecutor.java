package dev.stratum.store.firestore.internal;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.api.spi.DocumentMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Runs a prepared query in one of three modes, chosen by {@link FirestoreQueryPlanner}'s plan:
 *
 * <ol>
 *   <li><b>native</b> — the filter is exact, the sort keys are present on every match: Firestore
 *       filters, orders ({@code orderBy} keys, then the document name), offsets, limits and projects;
 *   <li><b>native order, client filter</b> — as 1, but candidates are checked client-side (a
 *       conjunct Firestore cannot run exactly, or expired TTL entities); offset and limit are applied
 *       after the check, still lazily;
 *   <li><b>client sort</b> — a sort key may be absent on some matches (Firestore's {@code orderBy}
 *       would drop those documents): candidates are read in document-name order, checked, then sorted
 *       in memory with the contract's order. Memory grows with the number of matches. Also used
 *       when a sort key is untyped ({@code Object}): its values may mix types, and Firestore's
 *       cross-type order differs from the contract's.
 * </ol>
 *
 * Candidates are always read in pages of {@link #BATCH} (the first one of {@link #FIRST_BATCH}) with {@code startAfter} cursors, so a stream
 * holds one page at a time (modes 1 and 2).
 */
public final class FirestoreQueryExecutor {
    static final int BATCH = 500;
    static final int FIRST_BATCH = 100;

    private final CollectionReference collection;
    private final EntityMetadata<?> meta;
    private final FirestoreQueryPlanner planner;
    private final @Nullable String expiryField;
    private final Supplier<Instant> clock;
    private final FirestoreErrors errors;

    public FirestoreQueryExecutor(CollectionReference collection, EntityMetadata<?> meta, FirestoreQueryPlanner planner,
            @Nullable String expiryField, Supplier<Instant> clock, FirestoreErrors errors) {
        this.collection = collection;
        this.meta = meta;
        this.planner = planner;
        this.expiryField = expiryField;
        this.clock = clock;
        this.errors = errors;
    }

    /** One matching document: its reference and its fields in stored form. */
    public record Hit(DocumentReference ref, Map<String, Object> stored) {}

    /** How a query will run (for tests and the README's cost table). */
    public enum Mode { NATIVE, NATIVE_ORDER_CLIENT_FILTER, CLIENT_SORT }

    private record Execution(Mode mode, com.google.cloud.firestore.Query base, @Nullable Filter residual, List<Sort> keys,
            @Nullable String inequalityField) {}

    public Mode mode(Query q) {
        return execution(q).mode;
    }

    private Execution execution(Query q) {
        FirestoreQueryPlanner.Plan plan = planner.plan(q);
        com.google.cloud.firestore.Query base = collection;
        if (plan.natives().size() == 1) {
            base = base.where(plan.natives().get(0));
        } else if (plan.natives().size() > 1) {
            base = base.where(com.google.cloud.firestore.Filter.and(plan.natives().toArray(com.google.cloud.firestore.Filter[]::new)));
        }
        List<Sort> keys = q.sort();
        List<FieldPath> planned = planner.sortPaths(keys);
        // an untyped key may hold values of several types, which Firestore orders by its own type order
        // (null < booleans < numbers < timestamps < strings …), not the contract's: sorted client-side
        boolean nativeSort = planned != null && keys.stream().noneMatch(k -> planner.untyped(k.field()));
        List<FieldPath> paths = planned == null ? List.of() : planned; // read only while nativeSort, which needs planned paths
        String ineq = plan.inequalityField();
        if (nativeSort && ineq != null && !keys.isEmpty() && !keys.get(0).field().equals(ineq)) {
            nativeSort = false;
        }
        boolean guaranteed = true;
        for (Sort k : keys) {
            guaranteed &= k.field().equals(meta.idProperty()) || plan.presentFields().contains(k.field());
        }
        if (nativeSort && !guaranteed) {
            nativeSort = noneLacking(base, paths);
        }
        boolean clientCheck = plan.residual() != null || expiryField != null;
        if (nativeSort && !keys.isEmpty()) {
            for (int i = 0; i < keys.size(); i++) {
                base = base.orderBy(paths.get(i), keys.get(i).ascending() ? com.google.cloud.firestore.Query.Direction.ASCENDING
                        : com.google.cloud.firestore.Query.Direction.DESCENDING);
            }
        } else if (ineq != null) {
            base = base.orderBy(planner.fieldPath(ineq));
        }
        base = base.orderBy(FieldPath.documentId());
        Mode mode = !nativeSort ? Mode.CLIENT_SORT : clientCheck ? Mode.NATIVE_ORDER_CLIENT_FILTER : Mode.NATIVE;
        return new Execution(mode, base, plan.residual(), keys, ineq);
    }

    /**
     * Whether every document the filter matches has all sort keys: Firestore's {@code orderBy} drops
     * documents lacking a key, the contract keeps them (as null). Stratum writes every property, so
     * only documents written before a property existed (or without a nested key) lack one; two
     * count aggregations — with and without the {@code orderBy} — tell, and only if they differ is
     * the query sorted client-side.
     */
    private boolean noneLacking(com.google.cloud.firestore.Query filtered, List<FieldPath> paths) {
        com.google.cloud.firestore.Query ordered = filtered;
        for (FieldPath p : paths) {
            ordered = ordered.orderBy(p);
        }
        com.google.cloud.firestore.Query withOrder = ordered;
        // both aggregations in flight at once: one round trip of latency
        var all = filtered.count().get();
        var having = withOrder.count().get();
        return errors.call("count " + collection.getId(), () -> all.get().getCount() == having.get().getCount());
    }

    /** Runs the query of one page; {@link #LATEST} reads the current data. */
    @FunctionalInterface
    public interface PageReader {
        List<QueryDocumentSnapshot> read(com.google.cloud.firestore.Query page) throws Exception;
    }

    /** Pages read as of now. */
    public static final PageReader LATEST = page -> page.get().get().getDocuments();

    /** The matches of a prepared query, sorted, offset, limited and projected as it says (stored form). */
    public Stream<Hit> find(Query q) {
        return find(q, LATEST);
    }

    /** As {@link #find(Query)}, every page read by {@code reader} (e.g. at one read time). */
    public Stream<Hit> find(Query q, PageReader reader) {
        Execution ex = execution(q);
        if (ex.mode == Mode.NATIVE) {
            Query selected = ex.inequalityField == null || q.projection().isEmpty() ? q : q.project(concat(q.projection(), ex.inequalityField));
            return pages(select(ex.base, selected), q.offset(), q.limit(), reader);
        }
        Stream<Hit> candidates = pages(ex.base, 0, 0, reader).filter(h -> matches(h, ex.residual));
        if (ex.mode == Mode.CLIENT_SORT && !ex.keys.isEmpty()) {
            List<Hit> all;
            try (Stream<Hit> s = candidates) {
                all = new ArrayList<>(s.toList());
            }
            var byKeys = DocumentMatcher.comparator(ex.keys);
            all.sort((a, b) -> byKeys.compare(a.stored(), b.stored()));
            candidates = all.stream();
        }
        if (q.offset() > 0) {
            candidates = candidates.skip(q.offset());
        }
        if (q.limit() > 0) {
            candidates = candidates.limit(q.limit());
        }
        if (!q.projection().isEmpty()) {
            candidates = candidates.map(h -> new Hit(h.ref(), DocumentMatcher.project(h.stored(), q.projection(), meta.idProperty())));
        }
        return candidates;
    }

    /**
     * The native Firestore query (filter, {@code orderBy} of the sort keys, then the document name)
     * of a prepared query that Firestore answers exactly, or null if it needs a client-side check.
     */
    public com.google.cloud.firestore.@Nullable Query nativeQuery(Query q) {
        Execution ex = execution(q);
        return ex.mode == Mode.NATIVE ? ex.base : null;
    }

    /** The projection of a native query: the projected fields plus the id and the sort keys. */
    public com.google.cloud.firestore.Query select(com.google.cloud.firestore.Query base, Query q) {
        if (q.projection().isEmpty()) {
            return base;
        }
        Set<String> fields = new LinkedHashSet<>(q.projection());
        fields.add(meta.idProperty());
        q.sort().forEach(s -> fields.add(s.field()));
        return base.select(fields.stream().map(f -> FieldPath.of(f.split("\\."))).toArray(FieldPath[]::new));
    }

    private static String[] concat(Set<String> fields, String more) {
        Set<String> all = new LinkedHashSet<>(fields);
        all.add(more);
        return all.toArray(String[]::new);
    }

    /** Runs a native query (one round trip). */
    public List<Hit> fetch(com.google.cloud.firestore.Query q) {
        List<QueryDocumentSnapshot> docs = errors.call("query " + collection.getId(), () -> q.get().get().getDocuments());
        List<Hit> out = new ArrayList<>(docs.size());
        for (QueryDocumentSnapshot d : docs) {
            out.add(new Hit(d.getReference(), storedOf(d)));
        }
        return out;
    }

    /** How many documents match (offset and limit apply). */
    public long count(Query q) {
        Execution ex = execution(q.sortBy(List.of()));
        if (ex.mode != Mode.CLIENT_SORT && ex.residual == null && expiryField == null) {
            long n = errors.call("count " + collection.getId(), () -> ex.base.count().get().get().getCount());
            n = Math.max(0, n - q.offset());
            return q.limit() > 0 ? Math.min(n, q.limit()) : n;
        }
        try (Stream<Hit> s = find(q.sortBy(List.of()).project(meta.idProperty()))) {
            return s.count();
        }
    }

    private boolean matches(Hit h, @Nullable Filter residual) {
        return (residual == null || DocumentMatcher.matches(h.stored(), residual)) && !expired(h.stored());
    }

    /** Whether a stored document's TTL has passed (Firestore deletes it up to a day later). */
    public boolean expired(Map<String, Object> stored) {
        if (expiryField == null) {
            return false;
        }
        Object at = stored.get(expiryField);
        return at instanceof Instant i && !i.isAfter(clock.get());
    }

    private Stream<Hit> pages(com.google.cloud.firestore.Query base, int offset, int limit, PageReader reader) {
        Iterator<Hit> it = new Iterator<>() {
            private List<QueryDocumentSnapshot> page = List.of();
            private int pos;
            private @Nullable DocumentSnapshot last;
            private boolean exhausted;
            private long delivered;

            @Override
            public boolean hasNext() {
                if (pos < page.size()) {
                    return true;
                }
                if (exhausted || (limit > 0 && delivered >= limit)) {
                    return false;
                }
                // the first page is small: many streams are closed after a few elements
                int batch = last == null ? FIRST_BATCH : BATCH;
                int size = limit > 0 ? (int) Math.min(batch, limit - delivered) : batch;
                com.google.cloud.firestore.Query q = base.limit(size);
                if (last != null) {
                    q = q.startAfter(last);
                } else if (offset > 0) {
                    q = q.offset(offset);
                }
                com.google.cloud.firestore.Query run = q;
                page = errors.call("query " + collection.getId(), () -> reader.read(run));
                pos = 0;
                exhausted = page.size() < size;
                if (!page.isEmpty()) {
                    last = page.get(page.size() - 1);
                }
                return pos < page.size();
            }

            @Override
            public Hit next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                delivered++;
                QueryDocumentSnapshot d = page.get(pos++);
                return new Hit(d.getReference(), storedOf(d));
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** A snapshot's fields in stored form. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> storedOf(DocumentSnapshot d) {
        Map<String, Object> data = d.getData();
        return data == null ? new LinkedHashMap<>() : (Map<String, Object>) Objects.requireNonNull(FirestoreValues.stored(data), "the stored form of a map");
    }
}
