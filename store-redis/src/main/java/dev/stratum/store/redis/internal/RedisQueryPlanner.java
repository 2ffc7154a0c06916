package dev.stratum.store.redis.internal;

import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Filters;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Sort;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Plans a prepared query for the query script: the filter becomes a tree of set operations over the
 * secondary indexes (intersections for {@code and}, unions for {@code or}/{@code in}, differences
 * from the id set for {@code not}/{@code ne}/{@code nin}/null tests, score and lexicographic ranges for
 * comparisons and {@code startsWith}), computed server-side; the sort becomes index-ordered keys.
 *
 * <p>Parts on unindexed fields (only in queries that opted into {@link Query#allowScan()}) become a
 * residual filter evaluated client-side over the indexed part's candidates, and sorts the indexes
 * cannot give become a client-side sort.
 */
public final class RedisQueryPlanner {
    /**
     * A planned query.
     *
     * @param filter the plan tree (JSON-able maps) for the script
     * @param refs the byte strings the plan and the sort refer to by number (1-based)
     * @param sort the server-side sort keys (JSON-able); empty for index/id order
     * @param residual the filter left to evaluate client-side, if any
     * @param clientSort sort keys to apply client-side (then the server sort is empty)
     */
    public record Plan(Map<String, Object> filter, List<byte[]> refs, List<Map<String, Object>> sort, @Nullable Filter residual,
            List<Sort> clientSort) {

        /** Whether anything is evaluated client-side. */
        public boolean clientSide() {
            return residual != null || !clientSort.isEmpty();
        }
    }

    private final EntityMetadata<?> metadata;
    private final RedisIndexMaintainer indexes;
    private final String store;

    public RedisQueryPlanner(EntityMetadata<?> metadata, RedisIndexMaintainer indexes, String store) {
        this.metadata = metadata;
        this.indexes = indexes;
        this.store = store;
    }

    public Plan plan(Query query) {
        Refs refs = new Refs();
        Filter filter = query.filter().orElse(null);
        Map<String, Object> node = Map.of("t", "a");
        Filter residual = null;
        if (filter != null) {
            filter = compoundContext(filter, refs);
            if (indexable(filter, refs)) {
                node = node(filter, refs);
            } else {
                List<Filter> parts = filter instanceof Filter.And and ? and.filters() : List.of(filter);
                List<Filter> indexed = new ArrayList<>();
                List<Filter> rest = new ArrayList<>();
                for (Filter p : parts) {
                    (indexable(p, refs) ? indexed : rest).add(p);
                }
                if (!indexed.isEmpty()) {
                    node = node(indexed.size() == 1 ? indexed.get(0) : Filter.and(indexed), refs);
                }
                residual = rest.size() == 1 ? rest.get(0) : Filter.and(rest);
            }
        }
        List<Map<String, Object>> sort = new ArrayList<>();
        List<Sort> clientSort = new ArrayList<>();
        for (Sort s : query.sort()) {
            Map<String, Object> key = sortKey(s, refs, node);
            if (key == null) {
                sort.clear();
                clientSort.addAll(query.sort());
                if (query.sort().stream().noneMatch(k -> k.field().equals(metadata.idProperty()))) {
                    clientSort.add(Sort.asc(metadata.idProperty()));
                }
                break;
            }
            sort.add(key);
            if (s.field().equals(metadata.idProperty())) {
                break; // ids are unique: later keys never matter
            }
        }
        return new Plan(node, refs.values, sort, residual, clientSort);
    }

    private boolean indexed(String field) {
        return field.equals(metadata.idProperty()) || indexes.field(field).isPresent();
    }

    /**
     * Finds the fields compound indexes serve in this query (equality on leading fields among the
     * top-level conjuncts) and records them in {@code refs}; returns the filter with the equality
     * conjuncts on two or more leading fields replaced by the prefix's id set (one set instead of an
     * intersection).
     */
    private Filter compoundContext(Filter filter, Refs refs) {
        List<Filter> conjuncts = Filters.conjuncts(filter);
        Map<String, Filter.Eq> eqs = new LinkedHashMap<>();
        for (Filter c : conjuncts) {
            if (c instanceof Filter.Eq e && !eqs.containsKey(e.field())) {
                eqs.put(e.field(), e);
            }
        }
        RedisIndexMaintainer.Compound best = null;
        int bestK = 0;
        for (RedisIndexMaintainer.Compound c : indexes.compounds()) {
            int k = 0;
            while (k < c.paths().size() - 1 && eqs.containsKey(c.paths().get(k))) { // the last field is never a prefix
                k++;
            }
            if (k > bestK) {
                best = c;
                bestK = k;
            }
        }
        if (best == null) {
            return filter;
        }
        List<@Nullable Object> leading = new ArrayList<>();
        for (int i = 1; i <= bestK; i++) {
            leading.add(eqOn(eqs, best.paths().get(i - 1)).value());
            String field = best.paths().get(i);
            String eqSet = null;
            String eqToken = null;
            if (i < bestK) {
                List<@Nullable Object> through = new ArrayList<>(leading);
                Object v = eqOn(eqs, field).value();
                through.add(v);
                eqSet = best.prefixBase(through) + "e";
                eqToken = v == null ? RedisValueEncoding.NULL_TOKEN : RedisValueEncoding.eqToken(v);
            }
            refs.served.putIfAbsent(field, new Served(best.prefixBase(leading), best.kinds().get(i), eqSet, eqToken, i == bestK));
        }
        if (bestK < 2) {
            refs.coverNode = bestK == 1 ? Map.of("t", "k", "a", refs.add(RedisKeys.eqSet(best.paths().get(0),
                    tokenOrNull(eqOn(eqs, best.paths().get(0)).value())))) : null;
            return filter;
        }
        // equality on f1..fk (k >= 2) is exactly the prefix's id set
        List<@Nullable Object> all = new ArrayList<>();
        Set<Filter> replaced = new HashSet<>();
        for (int i = 0; i < bestK; i++) {
            Filter.Eq e = eqOn(eqs, best.paths().get(i));
            all.add(e.value());
            replaced.add(e);
        }
        String setKey = best.prefixBase(all) + "e";
        Filter.Eq marker = new Filter.Eq(COMPOUND_SET_MARKER, setKey);
        refs.coverNode = Map.of("t", "k", "a", refs.add(setKey));
        List<Filter> rest = new ArrayList<>();
        rest.add(marker);
        for (Filter c : conjuncts) {
            if (!replaced.contains(c)) {
                rest.add(c);
            }
        }
        return rest.size() == 1 ? marker : Filter.and(rest);
    }

    /** The equality on a field of the chosen compound prefix (there is one on each: that is how the prefix was chosen). */
    private static Filter.Eq eqOn(Map<String, Filter.Eq> eqs, String field) {
        return Objects.requireNonNull(eqs.get(field), () -> "no equality on compound prefix field " + field);
    }

    private static String tokenOrNull(@Nullable Object v) {
        return v == null ? RedisValueEncoding.NULL_TOKEN : RedisValueEncoding.eqToken(v);
    }

    /** A pseudo-field standing for "in the id set of a compound prefix" (value: the set's key suffix). */
    private static final String COMPOUND_SET_MARKER = "\0compound-prefix-set";

    /**
     * A field a compound index serves in one query: its values are ordered under {@code base} (kind
     * NUMERIC: {@code base + "n"}; LEXICAL: {@code base + "l"/"v"}); when the query also fixes the field by
     * equality, {@code eqSet} is the id set of the prefix through it and {@code eqToken} that value.
     */
    private record Served(String base, RedisIndexMaintainer.Kind kind, @Nullable String eqSet, @Nullable String eqToken, boolean next) {
        boolean ordered() {
            return kind == RedisIndexMaintainer.Kind.NUMERIC || kind == RedisIndexMaintainer.Kind.LEXICAL;
        }
    }

    private boolean indexable(Filter f, Refs refs) {
        if (f instanceof Filter.And x) {
            return x.filters().stream().allMatch(c -> indexable(c, refs));
        }
        if (f instanceof Filter.Or x) {
            return x.filters().stream().allMatch(c -> indexable(c, refs));
        }
        if (f instanceof Filter.Not x) {
            return indexable(x.filter(), refs);
        }
        String field = Filters.fieldOf(f);
        if (field.equals(COMPOUND_SET_MARKER)) {
            return true;
        }
        Served served = refs.served.get(field);
        if (served != null && (served.ordered() || f instanceof Filter.Eq)) {
            return true;
        }
        if (!indexed(field)) {
            return false;
        }
        if (f instanceof Filter.Range || f instanceof Filter.StartsWith) {
            return field.equals(metadata.idProperty()) || indexes.field(field).get().kind() != RedisIndexMaintainer.Kind.LIST;
        }
        return true;
    }

    private @Nullable Map<String, Object> sortKey(Sort s, Refs refs, Map<String, Object> filterNode) {
        int d = s.ascending() ? 1 : -1;
        if (s.field().equals(metadata.idProperty())) {
            return Map.of("k", "i", "d", d);
        }
        Served served = refs.served.get(s.field());
        if (served != null && served.kind() == RedisIndexMaintainer.Kind.NUMERIC) {
            // c = 1: the candidates are the prefix's ids, so the prefix's sorted set (when complete) is their order
            boolean covers = served.next() && filterNode.equals(refs.coverNode);
            return Map.of("k", "n", "a", refs.add(served.base() + "n"), "d", d, "c", covers ? 1 : 0);
        }
        if (served != null && served.kind() == RedisIndexMaintainer.Kind.LEXICAL) {
            return Map.of("k", "l", "a", refs.add(served.base()), "d", d);
        }
        Optional<RedisIndexMaintainer.Field> f = indexes.field(s.field());
        if (f.isEmpty() || f.get().kind() == RedisIndexMaintainer.Kind.LIST) {
            return null;
        }
        if (f.get().kind() == RedisIndexMaintainer.Kind.NUMERIC) {
            return Map.of("k", "n", "a", refs.add(RedisKeys.numeric(s.field())), "d", d);
        }
        return Map.of("k", "l", "a", refs.add(RedisKeys.fieldBase(s.field())), "d", d);
    }

    // ------------------------------------------------------------------------------ filters

    private Map<String, Object> node(Filter f, Refs refs) {
        if (f instanceof Filter.And x) {
            return combine("and", x.filters(), refs);
        }
        if (f instanceof Filter.Or x) {
            return combine("or", x.filters(), refs);
        }
        if (f instanceof Filter.Not x) {
            return not(node(x.filter(), refs));
        }
        String field = Filters.fieldOf(f);
        if (field.equals(COMPOUND_SET_MARKER)) {
            return Map.of("t", "k", "a", refs.add((String) Objects.requireNonNull(((Filter.Eq) f).value(), "compound set marker without a key")));
        }
        Served served = refs.served.get(field);
        if (served != null) {
            return compoundLeaf(f, field, served, refs);
        }
        boolean isId = field.equals(metadata.idProperty());
        if (f instanceof Filter.Eq x) {
            return eq(field, isId, x.value(), refs);
        }
        if (f instanceof Filter.Ne x) {
            return not(eq(field, isId, x.value(), refs));
        }
        if (f instanceof Filter.In x) {
            return in(field, isId, x.values(), refs);
        }
        if (f instanceof Filter.Nin x) {
            return not(in(field, isId, x.values(), refs));
        }
        if (f instanceof Filter.Exists x) {
            Map<String, Object> present = isId ? Map.of("t", "a") : Map.of("t", "k", "a", refs.add(RedisKeys.present(field)));
            return x.present() ? present : not(present);
        }
        if (f instanceof Filter.Contains x) {
            if (isId) {
                return Map.of("t", "0");
            }
            return Map.of("t", "k", "a", refs.add(RedisKeys.containsSet(field, RedisValueEncoding.eqToken(x.value()))));
        }
        if (f instanceof Filter.StartsWith x) {
            byte[] prefix = x.prefix().getBytes(StandardCharsets.UTF_8);
            if (isId) {
                if (!(metadata.idType() == String.class)) {
                    return Map.of("t", "0");
                }
                return Map.of("t", "ir", "lo", refs.add(concat("[", prefix)), "hi", refs.add(concat("(", prefix, (byte) 0xff)));
            }
            byte[] enc = concat("2", prefix);
            return Map.of("t", "lr", "a", refs.add(RedisKeys.fieldBase(field)), "lo", refs.add(concat("[", enc)),
                    "hi", refs.add(concat("(", enc, (byte) 0xff)));
        }
        return range((Filter.Range) f, field, isId, refs);
    }

    /** A filter on a field a compound index serves, as ranges over the prefix's ordered structure. */
    private Map<String, Object> compoundLeaf(Filter f, String field, Served s, Refs refs) {
        if (!s.ordered()) {
            if (f instanceof Filter.Eq x && s.eqSet() != null && tokenOrNull(x.value()).equals(s.eqToken())) {
                return Map.of("t", "k", "a", refs.add(s.eqSet()));
            }
            throw new QueryNotSupportedException(store, Filters.constructOf(f) + " filter on '" + field
                    + "', which a compound index serves only by equality with the query's own value");
        }
        boolean numeric = s.kind() == RedisIndexMaintainer.Kind.NUMERIC;
        if (f instanceof Filter.Eq x) {
            return compoundEq(x.value(), numeric, s, refs);
        }
        if (f instanceof Filter.Ne x) {
            return not(compoundEq(x.value(), numeric, s, refs));
        }
        if (f instanceof Filter.In x) {
            List<Object> nodes = new ArrayList<>();
            for (Object v : x.values()) {
                nodes.add(compoundEq(v, numeric, s, refs));
            }
            return nodes.isEmpty() ? Map.of("t", "0") : nodes.size() == 1 ? castNode(nodes.get(0)) : Map.of("t", "or", "c", nodes);
        }
        if (f instanceof Filter.Nin x) {
            return not(compoundLeaf(Filter.in(field, x.values()), field, s, refs));
        }
        if (f instanceof Filter.Exists x) {
            Map<String, Object> isNull = compoundEq(null, numeric, s, refs);
            return x.present() ? not(isNull) : isNull;
        }
        if (f instanceof Filter.StartsWith x && !numeric) {
            byte[] enc = concat("2", x.prefix().getBytes(StandardCharsets.UTF_8));
            return Map.of("t", "lr", "a", refs.add(s.base()), "lo", refs.add(concat("[", enc)), "hi", refs.add(concat("(", enc, (byte) 0xff)));
        }
        if (f instanceof Filter.Range r) {
            Object v = r.value();
            if (numeric) {
                if (!RedisValueEncoding.scorable(v)) {
                    return Map.of("t", "0");
                }
                String sc = RedisValueEncoding.score(v);
                String lo = "(-inf";
                String hi = "+inf";
                switch (r.op()) {
                    case GT: lo = "(" + sc; break;
                    case GTE: lo = sc; break;
                    case LT: hi = "(" + sc; break;
                    default: hi = sc; break;
                }
                return Map.of("t", "nr", "a", refs.add(s.base() + "n"), "lo", refs.add(lo), "hi", refs.add(hi));
            }
            return lexRange(r, v, s.base(), refs);
        }
        throw new QueryNotSupportedException(store, Filters.constructOf(f) + " filter on '" + field + "' through a compound index");
    }

    private Map<String, Object> compoundEq(@Nullable Object v, boolean numeric, Served s, Refs refs) {
        if (numeric) {
            String sc = v == null ? "-inf" : RedisValueEncoding.scorable(v) ? RedisValueEncoding.score(v) : null;
            if (sc == null) {
                return Map.of("t", "0");
            }
            return Map.of("t", "nr", "a", refs.add(s.base() + "n"), "lo", refs.add(sc), "hi", refs.add(sc));
        }
        if (v == null) {
            return Map.of("t", "lr", "a", refs.add(s.base()), "lo", refs.add("[0"), "hi", refs.add("(1"));
        }
        if (RedisValueEncoding.rankTag(v) > '6') {
            return Map.of("t", "0");
        }
        byte[] enc = RedisValueEncoding.sortable(v).getBytes(StandardCharsets.UTF_8);
        return Map.of("t", "lr", "a", refs.add(s.base()), "lo", refs.add(concat("[", enc)), "hi", refs.add(concat("(", enc, (byte) 1)));
    }

    private Map<String, Object> combine(String op, List<Filter> children, Refs refs) {
        List<Object> nodes = new ArrayList<>();
        for (Filter c : children) {
            nodes.add(node(c, refs));
        }
        if (nodes.size() == 1) {
            @SuppressWarnings("unchecked")
            Map<String, Object> only = (Map<String, Object>) nodes.get(0);
            return only;
        }
        return Map.of("t", op, "c", nodes);
    }

    private static Map<String, Object> not(Map<String, Object> node) {
        if ("not".equals(node.get("t"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> inner = (Map<String, Object>) Objects.requireNonNull(node.get("c"), "'not' node without its child");
            return inner;
        }
        return Map.of("t", "not", "c", node);
    }

    private Map<String, Object> eq(String field, boolean isId, @Nullable Object value, Refs refs) {
        if (isId) {
            return value == null ? Map.of("t", "0") : Map.of("t", "id", "v", List.of(refs.add(RedisValueEncoding.idToken(value))));
        }
        if (value == null) {
            return not(Map.of("t", "k", "a", refs.add(RedisKeys.present(field))));
        }
        return Map.of("t", "k", "a", refs.add(RedisKeys.eqSet(field, RedisValueEncoding.eqToken(value))));
    }

    private Map<String, Object> in(String field, boolean isId, List<@Nullable Object> values, Refs refs) {
        if (values.isEmpty()) {
            return Map.of("t", "0");
        }
        if (isId) {
            List<Object> ids = new ArrayList<>();
            for (Object v : values) {
                if (v != null) {
                    ids.add(refs.add(RedisValueEncoding.idToken(v)));
                }
            }
            return ids.isEmpty() ? Map.of("t", "0") : Map.of("t", "id", "v", ids);
        }
        List<Object> nodes = new ArrayList<>();
        for (Object v : values) {
            nodes.add(eq(field, false, v, refs));
        }
        return nodes.size() == 1 ? castNode(nodes.get(0)) : Map.of("t", "or", "c", nodes);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castNode(Object o) {
        return (Map<String, Object>) o;
    }

    private Map<String, Object> range(Filter.Range r, String field, boolean isId, Refs refs) {
        Object v = r.value();
        if (isId) {
            byte[] tok = RedisValueEncoding.idToken(v).getBytes(StandardCharsets.UTF_8);
            byte[] lo = "-".getBytes(StandardCharsets.US_ASCII);
            byte[] hi = "+".getBytes(StandardCharsets.US_ASCII);
            switch (r.op()) {
                case GT: lo = concat("(", tok); break;
                case GTE: lo = concat("[", tok); break;
                case LT: hi = concat("(", tok); break;
                default: hi = concat("[", tok); break;
            }
            return Map.of("t", "ir", "lo", refs.add(lo), "hi", refs.add(hi));
        }
        RedisIndexMaintainer.Kind kind = indexes.field(field).orElseThrow().kind();
        if (kind == RedisIndexMaintainer.Kind.NUMERIC) {
            if (!RedisValueEncoding.scorable(v)) {
                return Map.of("t", "0");
            }
            String s = RedisValueEncoding.score(v);
            String lo = "(-inf";
            String hi = "+inf";
            switch (r.op()) {
                case GT: lo = "(" + s; break;
                case GTE: lo = s; break;
                case LT: hi = "(" + s; break;
                default: hi = s; break;
            }
            return Map.of("t", "nr", "a", refs.add(RedisKeys.numeric(field)), "lo", refs.add(lo), "hi", refs.add(hi));
        }
        if (kind == RedisIndexMaintainer.Kind.LIST) {
            throw new QueryNotSupportedException(store, "range filter on list field '" + field + "'");
        }
        return lexRange(r, v, RedisKeys.fieldBase(field), refs);
    }

    private Map<String, Object> lexRange(Filter.Range r, Object v, String fieldBase, Refs refs) {
        char tag = RedisValueEncoding.rankTag(v);
        if (tag > '6') {
            return Map.of("t", "0"); // lists, maps, byte arrays are not ordered
        }
        byte[] enc = RedisValueEncoding.sortable(v).getBytes(StandardCharsets.UTF_8);
        byte[] lo = ("[" + tag).getBytes(StandardCharsets.US_ASCII);
        byte[] hi = ("(" + (char) (tag + 1)).getBytes(StandardCharsets.US_ASCII);
        switch (r.op()) {
            case GT: lo = concat("[", enc, (byte) 1); break;
            case GTE: lo = concat("[", enc); break;
            case LT: hi = concat("(", enc); break;
            default: hi = concat("(", enc, (byte) 1); break;
        }
        return Map.of("t", "lr", "a", refs.add(fieldBase), "lo", refs.add(lo), "hi", refs.add(hi));
    }

    private static byte[] concat(String head, byte[] body, byte... tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length + tail.length);
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    /** The strings a plan refers to by 1-based number. */
    private static final class Refs {
        final Map<String, Served> served = new LinkedHashMap<>();
        @Nullable Map<String, Object> coverNode;
        final List<byte[]> values = new ArrayList<>();
        final Map<String, Integer> known = new LinkedHashMap<>();

        int add(String s) {
            Integer i = known.get(s);
            if (i != null) {
                return i;
            }
            values.add(s.getBytes(StandardCharsets.UTF_8));
            known.put(s, values.size());
            return values.size();
        }

        int add(byte[] b) {
            values.add(b);
            return values.size();
        }
    }
}
