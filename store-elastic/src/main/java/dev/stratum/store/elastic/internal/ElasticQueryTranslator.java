package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.json.JsonData;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Sort;
import dev.stratum.api.spi.ValueTokens;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Translates prepared (validated, neutral) Stratum queries into the query DSL, built with the client's
 * typed builders from validated field names and values (never from JSON text). Semantics, those of
 * {@link Filter}'s javadoc:
 *
 * <ul>
 *   <li>{@code eq(f, v)}: {@code term}; {@code eq(f, null)}: {@code must_not exists} (null or absent);
 *       {@code eq(list, [..])}: a {@code term} on the list's canonical form in the sidecar, so order,
 *       length and the empty list are exact;
 *   <li>{@code ne}/{@code nin}: {@code must_not} of the equality, which matches null and absent too;
 *   <li>{@code in}: {@code terms}, plus {@code must_not exists} when null is among the values;
 *   <li>ranges: {@code range}, which never matches documents without a value;
 *   <li>{@code exists}/{@code missing}: {@code exists} / its negation (on the sidecar for top-level lists,
 *       so an empty list exists);
 *   <li>{@code contains}: {@code term} (a list field matches if any element equals);
 *   <li>{@code startsWith}: {@code prefix} on the keyword (case-sensitive, literal);
 *   <li>strings longer than the keyword limit (8,191 characters) are stored but not indexed: {@code exists} (and so
 *       {@code eq(f, null)}) also matches a document whose field the server lists in {@code _ignored}, and
 *       {@code eq}/{@code in}/{@code contains} with such a value use its SHA-256 in the sidecar
 *       ({@link ElasticMapping#longStringField}); ranges, {@code startsWith} and sorts see it at its first 8,191
 *       characters, which the sidecar copies into the field ({@link ElasticLongStrings}), and refuse bounds and prefixes
 *       the server cannot take (over 998 UTF-8 bytes for {@code gt}/{@code gte}/{@code startsWith}, over 8,190 characters
 *       for {@code lt}/{@code lte});
 *   <li>{@code and}/{@code or}/{@code not}: {@code bool} {@code filter}/{@code should}/{@code must_not};
 *       Elasticsearch's logic is two-valued per document, so {@code not} is the exact complement.
 * </ul>
 *
 * <p>Full text: {@code match} (one text field) or {@code multi_match} (several), OR of the terms, in
 * the scoring part of the query; sorted by {@code _score} when the query has no sort. Sorts use
 * {@code missing: _first} ascending and {@code _last} descending (the contract's null order) and end
 * with the id as tie-breaker, which keyset paging and {@code search_after} need. A long key is followed by its
 * extreme-value marker ({@link ElasticMapping#extremesMarked}): Lucene substitutes {@code Long.MIN_VALUE} for a
 * missing long, and the marker tells a stored {@code Long.MIN_VALUE} from that substitute.
 */
public final class ElasticQueryTranslator {
    /** The metadata field listing the fields of a document whose values were stored but not indexed. */
    private static final String IGNORED = "_ignored";
    private static final co.elastic.clients.elasticsearch._types.query_dsl.Query MATCH_NONE =
            co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.matchNone(m -> m));
    private static final co.elastic.clients.elasticsearch._types.query_dsl.Query MATCH_ALL =
            co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.matchAll(m -> m));

    /** Above every UTF-8 string a flattened field holds (U+10FFFF sorts after every other code point). */
    private static final String TEXT_MAX = "\uDBFF\uDFFF".repeat(8);

    private final ElasticMapping mapping;
    private final ElasticDocuments documents;
    private final String idProperty;

    public ElasticQueryTranslator(EntityMetadata<?> metadata, ElasticMapping mapping, ElasticDocuments documents) {
        this.mapping = mapping;
        this.documents = documents;
        this.idProperty = metadata.idProperty();
    }

    /** The whole query of a prepared Stratum query: filter, text and the TTL condition at {@code nowMillis}. */
    public co.elastic.clients.elasticsearch._types.query_dsl.Query query(Query query, long nowMillis) {
        List<co.elastic.clients.elasticsearch._types.query_dsl.Query> filters = new ArrayList<>(2);
        query.filter().ifPresent(f -> filters.add(translate(f)));
        if (documents.hasTtl()) {
            filters.add(notExpired(nowMillis));
        }
        if (query.text().isEmpty()) {
            if (filters.isEmpty()) {
                return MATCH_ALL;
            }
            if (filters.size() == 1) {
                // constant score: filters need no relevance
                co.elastic.clients.elasticsearch._types.query_dsl.Query only = filters.get(0);
                return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.constantScore(c -> c.filter(only)));
            }
        }
        BoolQuery.Builder b = new BoolQuery.Builder().filter(filters);
        query.text().ifPresent(text -> b.must(text(text)));
        return b.build()._toQuery();
    }

    /** Documents whose expiry has not passed at {@code nowMillis} (or that have none). */
    public static co.elastic.clients.elasticsearch._types.query_dsl.Query notExpired(long nowMillis) {
        return bool(b -> b.mustNot(m -> m.range(r -> r.untyped(u -> u.field(ElasticMapping.SIDECAR + ".expireAt")
                .lte(JsonData.of(nowMillis))))));
    }

    /** Documents whose expiry has passed at {@code nowMillis}. */
    public static co.elastic.clients.elasticsearch._types.query_dsl.Query expired(long nowMillis) {
        return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.range(r -> r.untyped(u -> u
                .field(ElasticMapping.SIDECAR + ".expireAt").lte(JsonData.of(nowMillis)))));
    }

    private co.elastic.clients.elasticsearch._types.query_dsl.Query text(String text) {
        List<String> fields = new ArrayList<>(mapping.textFields());
        if (fields.size() == 1) {
            return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.match(m -> m.field(fields.get(0))
                    .query(text).operator(Operator.Or)));
        }
        return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.multiMatch(m -> m.fields(fields).query(text)
                .operator(Operator.Or)));
    }

    /** The query of one filter. */
    public co.elastic.clients.elasticsearch._types.query_dsl.Query translate(Filter f) {
        if (f instanceof Filter.And x) {
            List<co.elastic.clients.elasticsearch._types.query_dsl.Query> parts = new ArrayList<>(x.filters().size());
            x.filters().forEach(c -> parts.add(translate(c)));
            return parts.size() == 1 ? parts.get(0) : bool(b -> b.filter(parts));
        }
        if (f instanceof Filter.Or x) {
            if (x.filters().isEmpty()) {
                return MATCH_NONE;
            }
            List<co.elastic.clients.elasticsearch._types.query_dsl.Query> parts = new ArrayList<>(x.filters().size());
            x.filters().forEach(c -> parts.add(translate(c)));
            return parts.size() == 1 ? parts.get(0) : bool(b -> b.should(parts).minimumShouldMatch("1"));
        }
        if (f instanceof Filter.Not x) {
            return not(translate(x.filter()));
        }
        if (f instanceof Filter.Eq x) {
            return eq(x.field(), positive(x.value()));
        }
        if (f instanceof Filter.Ne x) {
            return not(eq(x.field(), positive(x.value())));
        }
        if (f instanceof Filter.In x) {
            return in(x.field(), positive(x.values()));
        }
        if (f instanceof Filter.Nin x) {
            return not(in(x.field(), positive(x.values())));
        }
        if (f instanceof Filter.Exists x) {
            co.elastic.clients.elasticsearch._types.query_dsl.Query exists = exists(x.field());
            return x.present() ? exists : not(exists);
        }
        if (f instanceof Filter.Contains x) {
            if (mapping.untyped(x.field())) {
                return term(ElasticMapping.elementField(x.field()), ElasticDocuments.token(x.value()));
            }
            if (x.value() instanceof String text && mapping.hashesLongStrings(x.field())) {
                return longStringEq(x.field(), text);
            }
            return term(mapping.field(x.field()), positiveValue(x.value()));
        }
        if (f instanceof Filter.StartsWith x && mapping.untyped(x.field())) {
            String field = ElasticMapping.tokenField(x.field());
            return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.prefix(p -> p.field(field).value("2" + x.prefix())));
        }
        if (f instanceof Filter.StartsWith x) {
            String field = mapping.field(x.field());
            requireDecidable(x.field(), "startsWith", x.prefix(), "prefix", true);
            return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.prefix(p -> p.field(field).value(x.prefix())));
        }
        Filter.Range r = (Filter.Range) f;
        if (mapping.tokenized(r.field())) {
            return tokenRange(r);
        }
        String field = mapping.field(r.field());
        // keyed flattened fields take only closed ranges: add the text bound that is always true
        boolean flat = mapping.inFlattened(r.field());
        // documents hold 0.0 for -0.0 (ElasticDocuments), so a bound of -0.0 is 0.0 too
        Object bound = positiveValue(r.value());
        JsonData v = JsonData.of(flat ? String.valueOf(jsonValue(bound)) : jsonValue(bound));
        if (bound instanceof String text && mapping.hashesLongStrings(r.field())) {
            boolean upward = r.op() == Filter.Op.GT || r.op() == Filter.Op.GTE;
            requireDecidable(r.field(), r.op().name().toLowerCase(java.util.Locale.ROOT), text, "bound", upward);
            if (r.op() == Filter.Op.LTE && ElasticLongStrings.prefixLength(text)) {
                return longStringLte(field, v, ElasticMapping.longStringPrefixField(r.field()), text);
            }
        }
        return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.range(rq -> rq.untyped(u -> {
            u.field(field);
            switch (r.op()) {
                case GT -> u.gt(v);
                case GTE -> u.gte(v);
                case LT -> u.lt(v);
                default -> u.lte(v);
            }
            if (flat) {
                if (r.op() == Filter.Op.GT || r.op() == Filter.Op.GTE) {
                    u.lte(JsonData.of(TEXT_MAX));
                } else {
                    u.gte(JsonData.of(""));
                }
            }
            return u;
        })));
    }

    /**
     * Equality with a string at a string path: a string longer than the keyword limit through its SHA-256; one whose
     * length an indexed prefix has ({@link ElasticLongStrings#prefixLength}) on the field without the documents whose
     * long value merely has it as its prefix; any other on the field.
     */
    private co.elastic.clients.elasticsearch._types.query_dsl.Query longStringEq(String path, String text) {
        if (ElasticMapping.tooLongToIndex(text)) {
            return term(ElasticMapping.longStringField(path), ElasticDocuments.sha256(text));
        }
        var onField = term(mapping.field(path), text);
        if (!ElasticLongStrings.prefixLength(text)) {
            return onField;
        }
        var prefixOfLong = term(ElasticMapping.longStringPrefixField(path), text);
        return bool(b -> b.filter(onField).mustNot(prefixOfLong));
    }

    /**
     * {@code lte} on a string path with a bound as long as an indexed prefix ({@link ElasticLongStrings#prefixLength}):
     * the field holds a long value's prefix {@code p}, and when {@code p} equals the bound the value itself is greater,
     * so those documents are removed. ({@code lt} is right as it is; {@code gt}/{@code gte} never get such a bound.)
     */
    private static co.elastic.clients.elasticsearch._types.query_dsl.Query longStringLte(String field, JsonData v, String prefixField,
            String text) {
        var range = co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.range(rq -> rq.untyped(u -> u.field(field).lte(v))));
        var prefixOfLong = term(prefixField, text);
        return bool(b -> b.filter(range).mustNot(prefixOfLong));
    }

    /**
     * Refuses, before any I/O, what the server cannot answer exactly on a string path: a {@code gt}/{@code gte} bound
     * or a {@code startsWith} prefix over {@value ElasticLongStrings#MAX_AUTOMATON_BYTES} UTF-8 bytes (the server builds
     * an automaton of those bytes and refuses one of 1,000 states: "input automaton is too large"), and an
     * {@code lt}/{@code lte} bound over {@value ElasticLongStrings#MAX_BOUND} characters (a stored value longer than the
     * keyword limit is indexed by its first 8,190 or 8,191 characters, which cannot decide how it compares with a
     * longer text).
     */
    private void requireDecidable(String path, String construct, String text, String what, boolean automaton) {
        if (!mapping.hashesLongStrings(path)) {
            return;
        }
        if (automaton && ElasticLongStrings.utf8Length(text) > ElasticLongStrings.MAX_AUTOMATON_BYTES) {
            throw new QueryNotSupportedException("elasticsearch", construct + " filter on '" + path + "' with a " + what + " of "
                    + ElasticLongStrings.utf8Length(text) + " UTF-8 bytes", "Elasticsearch evaluates it through an automaton of"
                    + " the bytes and refuses one that large; a " + what + " may have at most "
                    + ElasticLongStrings.MAX_AUTOMATON_BYTES + " bytes");
        }
        if (text.length() > ElasticLongStrings.MAX_BOUND) {
            throw new QueryNotSupportedException("elasticsearch", construct + " filter on '" + path + "' with a " + what + " of "
                    + text.length() + " characters", "a string longer than " + ElasticMapping.IGNORE_ABOVE
                    + " characters is indexed by its first " + ElasticLongStrings.MAX_BOUND + ", so a " + what + " may have at most "
                    + ElasticLongStrings.MAX_BOUND + " characters");
        }
    }

    /**
     * A range on a tokenized path: the tokens of one kind share their tag, so the range is closed by the
     * tag's bounds — a comparison never matches a value of another kind (nor lists and maps), as ValueOrder says.
     */
    private co.elastic.clients.elasticsearch._types.query_dsl.Query tokenRange(Filter.Range r) {
        char tag = ValueTokens.rankTag(r.value());
        if (tag > '6') {
            return MATCH_NONE;
        }
        String field = ElasticMapping.tokenField(r.field());
        JsonData v = JsonData.of(ElasticDocuments.token(r.value()));
        JsonData kindLow = JsonData.of(String.valueOf(tag));
        JsonData kindHigh = JsonData.of(String.valueOf((char) (tag + 1)));
        return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.range(rq -> rq.untyped(u -> {
            u.field(field);
            switch (r.op()) {
                case GT -> u.gt(v).lt(kindHigh);
                case GTE -> u.gte(v).lt(kindHigh);
                case LT -> u.lt(v).gte(kindLow);
                default -> u.lte(v).gte(kindLow);
            }
            return u;
        })));
    }

    /**
     * A filter value with {@code -0.0} replaced by {@code 0.0}: documents are indexed that way (the contract holds
     * both zeros equal; Elasticsearch's double points and doc values order {@code -0.0 < 0.0}).
     */
    private static @Nullable Object positive(@Nullable Object value) {
        return ElasticDocuments.positiveZeros(value, "", null);
    }

    private static Object positiveValue(Object value) {
        return Objects.requireNonNull(ElasticDocuments.positiveZeros(value, "", null), "a value stays a value");
    }

    @SuppressWarnings("unchecked")
    private static List<@Nullable Object> positive(List<@Nullable Object> values) {
        return (List<@Nullable Object>) Objects.requireNonNull(ElasticDocuments.positiveZeros(values, "", null), "a list stays a list");
    }

    private co.elastic.clients.elasticsearch._types.query_dsl.Query eq(String path, @Nullable Object value) {
        if (value == null) {
            return not(exists(path));
        }
        if (mapping.tokenized(path)) {
            return term(ElasticMapping.tokenField(path), ElasticDocuments.token(value));
        }
        if (mapping.isTopLevelList(path)) {
            return term(ElasticMapping.listField(path), ElasticDocuments.listKey(documents.canonical(value)));
        }
        if (value instanceof Map<?, ?> m) {
            // a nested object: all its leaves equal (an extra stored key still matches)
            List<co.elastic.clients.elasticsearch._types.query_dsl.Query> parts = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                parts.add(eq(path + "." + e.getKey(), e.getValue()));
            }
            return parts.isEmpty() ? exists(path) : bool(b -> b.filter(parts));
        }
        if (value instanceof List<?> l) {
            List<co.elastic.clients.elasticsearch._types.query_dsl.Query> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(o != null && !(o instanceof List) && !(o instanceof Map) ? eq(path, o) : term(mapping.field(path), o));
            }
            return parts.isEmpty() ? not(exists(path)) : bool(b -> b.filter(parts));
        }
        if (value instanceof String text && mapping.hashesLongStrings(path)) {
            return longStringEq(path, text);
        }
        return term(mapping.field(path), value);
    }

    private co.elastic.clients.elasticsearch._types.query_dsl.Query in(String path, List<@Nullable Object> values) {
        List<co.elastic.clients.elasticsearch._types.query_dsl.Query> parts = new ArrayList<>();
        List<FieldValue> scalars = new ArrayList<>();
        boolean withNull = false;
        for (Object v : values) {
            if (v == null) {
                withNull = true;
            } else if (mapping.tokenized(path)) {
                scalars.add(FieldValue.of(ElasticDocuments.token(v)));
            } else if (v instanceof List || v instanceof Map || mapping.isTopLevelList(path) || ElasticMapping.tooLongToIndex(v)
                    || (v instanceof String text && ElasticLongStrings.prefixLength(text))) {
                parts.add(eq(path, v));
            } else {
                scalars.add(fieldValue(v));
            }
        }
        if (!scalars.isEmpty()) {
            String field = mapping.tokenized(path) ? ElasticMapping.tokenField(path) : mapping.field(path);
            parts.add(co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.terms(t -> t.field(field).terms(tv -> tv.value(scalars)))));
        }
        if (withNull) {
            parts.add(not(exists(path)));
        }
        if (parts.isEmpty()) {
            return MATCH_NONE;
        }
        return parts.size() == 1 ? parts.get(0) : bool(b -> b.should(parts).minimumShouldMatch("1"));
    }

    private co.elastic.clients.elasticsearch._types.query_dsl.Query exists(String path) {
        String field = mapping.isTopLevelList(path) ? ElasticMapping.listField(path)
                : mapping.tokenized(path) ? ElasticMapping.tokenField(path) : mapping.field(path);
        var exists = co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.exists(e -> e.field(field)));
        if (mapping.isTopLevelList(path) || mapping.hashesLongStrings(path)) {
            // a value longer than the keyword limit is stored but not indexed: the server names its field in _ignored
            return bool(b -> b.should(exists, term(IGNORED, field)).minimumShouldMatch("1"));
        }
        return exists;
    }

    private static co.elastic.clients.elasticsearch._types.query_dsl.Query term(String field, Object value) {
        FieldValue v = fieldValue(value);
        return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.term(t -> t.field(field).value(v)));
    }

    private static co.elastic.clients.elasticsearch._types.query_dsl.Query not(co.elastic.clients.elasticsearch._types.query_dsl.Query q) {
        return bool(b -> b.mustNot(q));
    }

    private static co.elastic.clients.elasticsearch._types.query_dsl.Query bool(
            java.util.function.Function<BoolQuery.Builder, BoolQuery.Builder> body) {
        return body.apply(new BoolQuery.Builder()).build()._toQuery();
    }

    /** A neutral scalar as a term value. */
    static FieldValue fieldValue(Object v) {
        if (v instanceof String s) {
            return FieldValue.of(s);
        }
        if (v instanceof Boolean b) {
            return FieldValue.of(b);
        }
        if (v instanceof Integer || v instanceof Long) {
            return FieldValue.of(((Number) v).longValue());
        }
        if (v instanceof Double d) {
            return FieldValue.of(d);
        }
        if (v instanceof BigDecimal d) {
            return FieldValue.of(d.toPlainString());
        }
        if (v instanceof byte[] bytes) {
            return FieldValue.of(Base64.getEncoder().encodeToString(bytes));
        }
        return FieldValue.of(String.valueOf(v));
    }

    /** A neutral scalar in its JSON form (range bounds). */
    static Object jsonValue(Object v) {
        if (v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return String.valueOf(v);
    }

    /**
     * The sort of a prepared query: its keys with the contract's null order, then the id; by relevance
     * first when it is a text search without keys.
     */
    public List<SortOptions> sort(Query query) {
        List<SortOptions> out = new ArrayList<>(query.sort().size() + 2);
        if (query.sort().isEmpty() && query.text().isPresent()) {
            out.add(SortOptions.of(s -> s.score(sc -> sc.order(SortOrder.Desc))));
        }
        boolean hasId = false;
        for (Sort k : query.sort()) {
            hasId |= k.field().equals(idProperty);
            out.add(fieldSort(k.field(), k.ascending()));
            if (mapping.extremesMarked(k.field())) {
                out.add(keywordSort(ElasticMapping.extremeField(k.field()), k.ascending()));
            }
            if (mapping.hashesLongStrings(k.field())) {
                // a long string sorts at its indexed prefix; this key puts it after a short string equal to that prefix
                out.add(keywordSort(ElasticMapping.longStringPrefixField(k.field()), k.ascending()));
            }
        }
        if (!hasId) {
            out.add(fieldSort(idProperty, true));
        }
        return out;
    }

    private SortOptions fieldSort(String path, boolean ascending) {
        return keywordSort(mapping.tokenized(path) ? ElasticMapping.tokenField(path) : mapping.field(path), ascending);
    }

    /** A sort on an index field with the contract's null order (an unmapped field sorts as a missing keyword). */
    private static SortOptions keywordSort(String field, boolean ascending) {
        return SortOptions.of(s -> s.field(fs -> fs.field(field).order(ascending ? SortOrder.Asc : SortOrder.Desc)
                .missing(ascending ? "_first" : "_last").unmappedType(co.elastic.clients.elasticsearch._types.mapping.FieldType.Keyword)));
    }
}
