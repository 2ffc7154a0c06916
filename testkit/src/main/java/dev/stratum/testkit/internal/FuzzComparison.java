package dev.stratum.testkit.internal;

import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.Filter;
import dev.stratum.api.Filters;
import dev.stratum.api.Filters;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.spi.DocumentPath;
import dev.stratum.api.spi.ValueOrder;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.internal.FuzzCase.FuzzQuery;
import dev.stratum.testkit.internal.FuzzCase.Mode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs one {@link FuzzCase} on a store and on the reference and compares: the same entities (values
 * compared as the stores compare them: numbers by value), in the same order wherever the sort
 * defines one; or the same exception type; or a {@link QueryNotSupportedException} from the store
 * for a construct its {@link Capabilities} do not announce.
 */
@SuppressWarnings("NullAway") // fuzzer assertions: an Outcome holds an error, a count or docs, which NullAway cannot see
public final class FuzzComparison {
    private static final int MAX_PAGES = 1_000;
    private final Repository<FuzzRecord, String> store;
    private final Repository<FuzzRecord, String> reference;
    private final EntityMapper mapper = EntityMapper.defaults();

    public FuzzComparison(Repository<FuzzRecord, String> store, Repository<FuzzRecord, String> reference) {
        this.store = store;
        this.reference = reference;
    }

    /** Loads the case's entities into both and compares every query; throws {@link AssertionError} on a difference. */
    public void run(FuzzCase c) {
        store.deleteAll(Query.all());
        reference.deleteAll(Query.all());
        for (FuzzRecord e : c.entities()) {
            Outcome want = attempt(() -> reference.save(e));
            Outcome got = attempt(() -> store.save(e));
            if (!sameType(want, got)) {
                throw new AssertionError("save(" + e + "): reference " + want + ", store " + got);
            }
        }
        for (FuzzQuery q : c.queries()) {
            Outcome want = attempt(() -> execute(reference, q));
            Outcome got = attempt(() -> execute(store, q));
            compare(q, want, got);
        }
    }

    private void compare(FuzzQuery q, Outcome want, Outcome got) {
        net.jqwik.api.statistics.Statistics.label("outcomes").collect(q.mode(), want.error != null ? want.error.getClass().getSimpleName()
                : want.count != null ? (want.count == 0 ? "count 0" : "count > 0") : want.docs.isEmpty() ? "no rows" : "rows");
        if (got.error instanceof QueryNotSupportedException && !announced(q, store.capabilities()).isEmpty()) {
            return; // refused, and the store's capabilities say so
        }
        if (want.error != null || got.error != null) {
            if (!sameType(want, got)) {
                throw new AssertionError(q + "\n  reference: " + want + "\n  store:     " + got
                        + (got.error instanceof QueryNotSupportedException ? "\n  (the store's Capabilities announce no gap for this query)" : ""));
            }
            return;
        }
        if (want.count != null) {
            if (!want.count.equals(got.count)) {
                throw new AssertionError(q + "\n  reference count " + want.count + ", store count " + got.count);
            }
            return;
        }
        List<Map<String, Object>> a = want.docs;
        List<Map<String, Object>> b = got.docs;
        List<String> ids = ids(a);
        List<String> gotIds = ids(b);
        String diff = q + "\n  reference: " + ids + "\n  store:     " + gotIds;
        if (a.size() != b.size() || !new HashSet<>(ids).equals(new HashSet<>(gotIds)) || new HashSet<>(gotIds).size() != gotIds.size()) {
            throw new AssertionError("different results: " + diff);
        }
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        a.forEach(d -> byId.put((String) d.get("id"), d));
        for (Map<String, Object> d : b) {
            Map<String, Object> ref = byId.get((String) d.get("id"));
            if (!ValueOrder.equal(ref, d)) {
                throw new AssertionError("different values of " + d.get("id") + ": " + diff + "\n  reference: " + ref + "\n  store:     " + d);
            }
        }
        for (int k = 0; k < a.size(); k++) {
            for (Sort s : q.sort()) {
                Object x = DocumentPath.get(a.get(k), s.field());
                Object y = DocumentPath.get(b.get(k), s.field());
                if (!ValueOrder.equal(x, y)) {
                    throw new AssertionError("different order at " + k + " (" + s.field() + ": " + x + " vs " + y + "): " + diff);
                }
            }
        }
    }

    private static List<String> ids(List<Map<String, Object>> docs) {
        return docs.stream().map(d -> String.valueOf(d.get("id"))).collect(Collectors.toList());
    }

    private Object execute(Repository<FuzzRecord, String> repo, FuzzQuery q) {
        Query query = (q.filter() == null ? Query.all() : Query.where(q.filter())).sortBy(q.sort()).allowScan();
        if (q.limit() > 0) {
            query = query.limit(q.limit());
        }
        if (q.offset() > 0) {
            query = query.offset(q.offset());
        }
        switch (q.mode()) {
            case COUNT:
                return repo.count(query);
            case STREAM:
                try (Stream<FuzzRecord> s = repo.stream(query)) {
                    return docs(s.collect(Collectors.toList()));
                }
            case KEYSET_PAGES:
            case OFFSET_PAGES: {
                List<FuzzRecord> all = new ArrayList<>();
                PageRequest request = q.mode() == Mode.KEYSET_PAGES ? PageRequest.first(q.pageSize()) : PageRequest.offset(0, q.pageSize());
                for (int pages = 0; ; pages++) {
                    if (pages > MAX_PAGES) {
                        throw new AssertionError("paging did not end after " + MAX_PAGES + " pages: " + q);
                    }
                    Page<FuzzRecord> page = repo.page(query, request);
                    all.addAll(page.items());
                    if (page.next().isEmpty()) {
                        return docs(all);
                    }
                    request = page.next().get();
                }
            }
            default:
                return docs(repo.find(query));
        }
    }

    private List<Map<String, Object>> docs(List<FuzzRecord> records) {
        return records.stream().map(mapper::toDocument).collect(Collectors.toList());
    }

    /** The capabilities the query needs that the store lacks: a refusal is legitimate only if this is not empty. */
    static Set<Capability> announced(FuzzQuery q, Capabilities caps) {
        Set<Capability> needed = EnumSet.noneOf(Capability.class);
        Set<String> rangeFields = new HashSet<>();
        if (q.filter() != null) {
            collect(q.filter(), needed, rangeFields);
        }
        if (q.mode() == Mode.KEYSET_PAGES) {
            needed.add(Capability.OR);
            q.sort().forEach(s -> rangeFields.add(s.field()));
            rangeFields.add("id");
        }
        if (rangeFields.size() > 1) {
            needed.add(Capability.RANGE_ON_MULTIPLE_FIELDS);
        }
        if (q.offset() > 0 || q.mode() == Mode.OFFSET_PAGES) {
            needed.add(Capability.OFFSET);
        }
        needed.add(Capability.SCAN);
        needed.removeIf(caps::supports);
        if (caps.supports(Capability.UNTYPED_FIELD_QUERIES_REFUSED) && touchesUntyped(q)) {
            needed.add(Capability.UNTYPED_FIELD_QUERIES_REFUSED); // a declared gap: the refusal is announced
        }
        return needed;
    }

    /** Whether a query filters or sorts on FuzzRecord's untyped map ({@code attrs}, {@code attrs.*}). */
    private static boolean touchesUntyped(FuzzQuery q) {
        return q.sort().stream().anyMatch(s -> untyped(s.field())) || (q.filter() != null && touchesUntyped(q.filter()));
    }

    private static boolean touchesUntyped(Filter f) {
        if (f instanceof Filter.And x) {
            return x.filters().stream().anyMatch(FuzzComparison::touchesUntyped);
        }
        if (f instanceof Filter.Or x) {
            return x.filters().stream().anyMatch(FuzzComparison::touchesUntyped);
        }
        if (f instanceof Filter.Not x) {
            return touchesUntyped(x.filter());
        }
        return untyped(Filters.fieldOf(f));
    }

    private static boolean untyped(String field) {
        return field.equals("attrs") || field.startsWith("attrs.");
    }

    private static void collect(Filter f, Set<Capability> needed, Set<String> rangeFields) {
        if (f instanceof Filter.And x) {
            x.filters().forEach(c -> collect(c, needed, rangeFields));
        } else if (f instanceof Filter.Or x) {
            needed.add(Capability.OR);
            x.filters().forEach(c -> collect(c, needed, rangeFields));
        } else if (f instanceof Filter.Not x) {
            needed.add(Capability.NOT);
            collect(x.filter(), needed, rangeFields);
        } else if (f instanceof Filter.Ne || f instanceof Filter.Nin) {
            needed.add(Capability.NOT_EQUAL);
        } else if (f instanceof Filter.Exists) {
            needed.add(Capability.EXISTS);
        } else if (f instanceof Filter.Contains) {
            needed.add(Capability.ARRAY_CONTAINS);
        } else if (f instanceof Filter.StartsWith) {
            needed.add(Capability.STARTS_WITH);
        } else if (f instanceof Filter.Range) {
            rangeFields.add(Filters.fieldOf(f));
        }
    }

    private static boolean sameType(Outcome a, Outcome b) {
        return a.error == null ? b.error == null : b.error != null && a.error.getClass() == b.error.getClass();
    }

    private Outcome attempt(Supplier<Object> call) {
        try {
            Object r = call.get();
            if (r instanceof Long n) {
                return new Outcome(null, n, null);
            }
            if (r instanceof FuzzRecord e) {
                return new Outcome(docs(List.of(e)), null, null);
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> docs = (List<Map<String, Object>>) r;
            return new Outcome(docs, null, null);
        } catch (AssertionError e) {
            throw e;
        } catch (RuntimeException e) {
            return new Outcome(null, null, e);
        }
    }

    private record Outcome(@Nullable List<Map<String, Object>> docs, @Nullable Long count, @Nullable RuntimeException error) {
        @Override
        public String toString() {
            if (error != null) {
                return error.getClass().getSimpleName() + ": " + error.getMessage();
            }
            return count != null ? "count " + count : String.valueOf(ids(docs));
        }
    }
}
