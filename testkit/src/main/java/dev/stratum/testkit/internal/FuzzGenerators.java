package dev.stratum.testkit.internal;

import dev.stratum.api.Filter;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.internal.FuzzCase.FuzzQuery;
import dev.stratum.testkit.internal.FuzzCase.Mode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * jqwik generators of the differential fuzzer's entities and queries. Values come from small pools
 * of the corner cases (so that filters hit stored values often and sorts have ties): empty and
 * non-BMP strings, longs around 2^53 and at the extremes, -0.0, BigDecimals of 20+ digits and
 * differing scales, lists holding nulls, map entries that are absent, null, nested or of mixed types.
 */
@SuppressWarnings("NullAway") // test data: nulls on purpose, in fields the entity types declare non-null
public final class FuzzGenerators {
    static final List<String> IDS = List.of("a", "b", "c", "A", "B", "Z", "0", "1", "10", "9", "a0", "a-1", "a_b", "zz", "m", "n",
            "p1", "p2", "p3", "p4", "q", "r", "s", "t", "u", "v", "w", "x", "y", "yy");
    static final List<String> ALL_STRINGS = List.of("", "a", "A", "ab", "abc", "b", "é", "日本", "\uD83D\uDE00", "\uFFFD", "a b", "z");
    static final List<Long> LONGS = List.of(0L, 1L, -1L, 42L, 1L << 53, (1L << 53) + 1, (1L << 53) + 2, -(1L << 53) - 1,
            Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE);
    static final List<Integer> INTS = List.of(0, 1, 2, 3, -1);
    static final List<Double> DOUBLES = List.of(0.0, -0.0, 1.5, -2.25, 3.0, 42.0, 1e300, -1e-300);
    static final List<BigDecimal> ALL_DECIMALS = List.of(new BigDecimal("1"), new BigDecimal("1.0"), new BigDecimal("-0.5"),
            new BigDecimal("12345678901234567890.1"), new BigDecimal("12345678901234567890.2"),
            new BigDecimal("123456789012345678901234567890"), new BigDecimal("0.000000000000000000001"));
    static final List<String> ALL_SORTABLE = List.of("id", "s", "n", "i", "d", "dec", "b", "attrs.x");
    static List<String> SORTABLE = ALL_SORTABLE;
    static final List<String> FILTERABLE = List.of("id", "s", "n", "i", "d", "dec", "b", "tags", "attrs.x", "attrs.y", "attrs.y.z");

    /**
     * Strings longer than 8,191 characters (Elasticsearch's keyword limit), no two sharing their first 8,191: one
     * among short ones, one non-ASCII, one whose first 8,191 characters are a run, one with a surrogate pair across
     * character 8,191. Stored and used in equality, never as range bounds or prefixes.
     */
    static final List<String> ALL_LONG_STRINGS = List.of("a" + "x".repeat(8_300), "\u00e9".repeat(8_192), "b".repeat(8_191) + "c",
            "ab" + "\uD83D\uDE00".repeat(4_200));

    /** The strings in play; without characters outside the BMP when the server under test orders by UTF-16 unit. */
    private static volatile List<String> STRINGS = ALL_STRINGS;
    /** The long strings in play (none unless asked for). */
    private static volatile List<String> LONG_STRINGS = List.of();
    private static volatile List<BigDecimal> DECIMALS = ALL_DECIMALS;

    private FuzzGenerators() {}

    /**
     * Whole cases: 0–25 entities and 1–4 queries.
     *
     * @param nonBmpStrings whether strings may hold characters outside the Basic Multilingual Plane
     * @param closeDecimals whether two decimals may differ only beyond a double's precision
     */
    public static Arbitrary<FuzzCase> cases(boolean nonBmpStrings, boolean closeDecimals) {
        return cases(nonBmpStrings, closeDecimals, true);
    }

    /** As {@link #cases(boolean, boolean)}; {@code untypedSorts} false never sorts by the untyped {@code attrs.x}. */
    public static Arbitrary<FuzzCase> cases(boolean nonBmpStrings, boolean closeDecimals, boolean untypedSorts) {
        return cases(nonBmpStrings, closeDecimals, untypedSorts, false);
    }

    /**
     * As {@link #cases(boolean, boolean, boolean)}; {@code longStrings} adds strings longer than 8,191 characters to
     * the values of {@code s} and {@code tags} and to equality filters ({@code eq}, {@code ne}, {@code in},
     * {@code nin}, {@code contains}); range bounds and prefixes stay short.
     */
    public static Arbitrary<FuzzCase> cases(boolean nonBmpStrings, boolean closeDecimals, boolean untypedSorts, boolean longStrings) {
        LONG_STRINGS = !longStrings ? List.of()
                : nonBmpStrings ? ALL_LONG_STRINGS : ALL_LONG_STRINGS.stream().filter(v -> v.codePoints().allMatch(Character::isBmpCodePoint)).toList();
        SORTABLE = untypedSorts ? ALL_SORTABLE : ALL_SORTABLE.stream().filter(f -> !f.startsWith("attrs")).toList();
        DECIMALS = closeDecimals ? ALL_DECIMALS : ALL_DECIMALS.stream().filter(v -> !v.toString().endsWith("890.2")).toList();
        STRINGS = nonBmpStrings ? ALL_STRINGS : ALL_STRINGS.stream().filter(v -> v.codePoints().allMatch(Character::isBmpCodePoint)).toList();
        Arbitrary<List<FuzzRecord>> entities = entity().list().ofMaxSize(Math.min(25, IDS.size()))
                .map(FuzzGenerators::withIds);
        return Combinators.combine(entities, query().list().ofMinSize(1).ofMaxSize(4)).as(FuzzCase::new);
    }

    private static List<FuzzRecord> withIds(List<FuzzRecord> records) {
        List<FuzzRecord> out = new ArrayList<>(records.size());
        for (int k = 0; k < records.size(); k++) {
            FuzzRecord r = records.get(k);
            out.add(new FuzzRecord(IDS.get(k), r.s(), r.n(), r.i(), r.d(), r.dec(), r.b(), r.tags(), r.attrs()));
        }
        return out;
    }

    static Arbitrary<FuzzRecord> entity() {
        Arbitrary<@Nullable String> s = Arbitraries.of(withLong(STRINGS)).injectNull(0.2);
        Arbitrary<@Nullable Long> n = Arbitraries.of(LONGS).injectNull(0.2);
        Arbitrary<@Nullable Integer> i = Arbitraries.of(INTS).injectNull(0.2);
        Arbitrary<@Nullable Double> d = Arbitraries.of(DOUBLES).injectNull(0.2);
        Arbitrary<@Nullable BigDecimal> dec = Arbitraries.of(DECIMALS).injectNull(0.2);
        Arbitrary<@Nullable Boolean> b = Arbitraries.of(true, false).injectNull(0.2);
        Arbitrary<@Nullable List<@Nullable String>> tags = tags();
        Arbitrary<@Nullable Map<String, @Nullable Object>> attrs = attrs();
        return Combinators.combine(s, n, i, d, dec, b, tags, attrs)
                .as((vs, vn, vi, vd, vdec, vb, vtags, vattrs) -> new FuzzRecord("?", vs, vn, vi, vd, vdec, vb, vtags, vattrs));
    }

    static Arbitrary<@Nullable List<@Nullable String>> tags() {
        return Arbitraries.of(withLong(STRINGS.subList(0, 6))).injectNull(0.15).list().ofMaxSize(3).injectNull(0.2);
    }

    private static List<String> withLong(List<String> strings) {
        if (LONG_STRINGS.isEmpty()) {
            return strings;
        }
        List<String> out = new ArrayList<>(strings);
        out.addAll(LONG_STRINGS);
        return out;
    }

    /** Mixed-type values of the untyped map (what an {@code Object}-typed field may hold). */
    static Arbitrary<@Nullable Object> mixed() {
        return Arbitraries.oneOf(Arbitraries.of(STRINGS.subList(0, 6)), Arbitraries.of(1L, 2L, 1L << 53, (1L << 53) + 1),
                Arbitraries.of(true, false), Arbitraries.of(1.5, 2.0), Arbitraries.just(null));
    }

    static Arbitrary<@Nullable Map<String, @Nullable Object>> attrs() {
        Arbitrary<@Nullable Object> x = Arbitraries.oneOf(mixed(), Arbitraries.just(Absent.VALUE));
        Arbitrary<@Nullable Object> y = Arbitraries.oneOf(Arbitraries.just(Absent.VALUE), Arbitraries.just(null),
                mixed().map(v -> {
                    Map<String, @Nullable Object> m = new LinkedHashMap<>();
                    m.put("z", v);
                    return m;
                }), Arbitraries.just(Arrays.asList(1L, "a", null)));
        return Combinators.combine(x, y).as((vx, vy) -> {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            if (vx != Absent.VALUE) {
                m.put("x", vx);
            }
            if (vy != Absent.VALUE) {
                m.put("y", vy);
            }
            return m;
        }).injectNull(0.2);
    }

    /** Marks a map entry the generator leaves out. */
    private enum Absent { VALUE }

    static Arbitrary<FuzzQuery> query() {
        Arbitrary<Mode> mode = Arbitraries.of(Mode.class);
        Arbitrary<@Nullable Filter> filter = filter(3).injectNull(0.1);
        Arbitrary<List<Sort>> sort = Arbitraries.of(SORTABLE).list().ofMaxSize(3).uniqueElements()
                .flatMap(fields -> Arbitraries.of(true, false).list().ofSize(fields.size()).map(dirs -> {
                    List<Sort> keys = new ArrayList<>();
                    for (int k = 0; k < fields.size(); k++) {
                        keys.add(dirs.get(k) ? Sort.asc(fields.get(k)) : Sort.desc(fields.get(k)));
                    }
                    return keys;
                }));
        Arbitrary<Integer> limit = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(1, 6)));
        Arbitrary<Integer> offset = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 4)));
        Arbitrary<Integer> pageSize = Arbitraries.integers().between(1, 5);
        return Combinators.combine(mode, filter, sort, limit, offset, pageSize).as(FuzzGenerators::normalize);
    }

    /** Only what the mode uses; a limit or offset needs a total order (ties are unordered), so id ends the sort. */
    private static FuzzQuery normalize(Mode mode, @Nullable Filter filter, List<Sort> sort, int limit, int offset, int pageSize) {
        boolean windowed = mode == Mode.FIND || mode == Mode.STREAM;
        int l = windowed ? limit : 0;
        int o = windowed ? offset : 0;
        List<Sort> keys = mode == Mode.COUNT ? List.of() : sort;
        if ((l > 0 || o > 0 || mode == Mode.OFFSET_PAGES) && keys.stream().noneMatch(k -> k.field().equals("id"))) {
            keys = new ArrayList<>(keys);
            keys.add(Sort.asc("id"));
        }
        return new FuzzQuery(mode, filter, List.copyOf(keys), l, o, mode == Mode.KEYSET_PAGES || mode == Mode.OFFSET_PAGES ? pageSize : 0);
    }

    static Arbitrary<Filter> filter(int depth) {
        if (depth <= 1) {
            return leaf();
        }
        Arbitrary<Filter> child = filter(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(6, leaf()),
                Tuple.of(2, child.list().ofMinSize(1).ofMaxSize(3).map(Filter::and)),
                Tuple.of(2, child.list().ofMinSize(1).ofMaxSize(3).map(Filter::or)),
                Tuple.of(1, child.map(Filter::not)));
    }

    static Arbitrary<Filter> leaf() {
        return Arbitraries.of(FILTERABLE).flatMap(FuzzGenerators::leafOn);
    }

    private static Arbitrary<@Nullable Object> valuesOf(String field) {
        Arbitrary<@Nullable Object> own = switch (field) {
            case "id" -> Arbitraries.of(IDS).map(v -> (Object) v);
            case "s", "tags" -> Arbitraries.of(STRINGS).map(v -> (Object) v);
            case "n" -> Arbitraries.of(LONGS).map(v -> (Object) v);
            case "i" -> Arbitraries.of(INTS).map(v -> (Object) v);
            case "d" -> Arbitraries.of(DOUBLES).map(v -> (Object) v);
            case "dec" -> Arbitraries.of(DECIMALS).map(v -> (Object) v);
            case "b" -> Arbitraries.of(true, false).map(v -> (Object) v);
            default -> mixed().filter(v -> v != null);
        };
        // now and then a value of another type: stores must agree on refusing or matching it
        return Arbitraries.frequencyOf(Tuple.of(12, own), Tuple.of(1, mixed().filter(v -> v != null)));
    }

    private static Arbitrary<Filter> leafOn(String field) {
        Arbitrary<@Nullable Object> bound = valuesOf(field);
        Arbitrary<@Nullable Object> value = LONG_STRINGS.isEmpty() || !(field.equals("s") || field.equals("tags")) ? bound
                : Arbitraries.frequencyOf(Tuple.of(4, bound), Tuple.of(1, Arbitraries.of(LONG_STRINGS).map(v -> (Object) v)));
        Arbitrary<@Nullable Object> eqValue = field.equals("tags")
                ? Arbitraries.oneOf(tags().map(v -> (Object) v), value)
                : value.injectNull(0.1);
        Arbitrary<List<@Nullable Object>> values = eqValue.list().ofMinSize(1).ofMaxSize(4);
        List<Arbitrary<Filter>> ops = new ArrayList<>(List.of(
                eqValue.map(v -> Filter.eq(field, v)),
                eqValue.map(v -> Filter.ne(field, v)),
                bound.filter(v -> v != null).map(v -> Filter.gt(field, v)),
                bound.filter(v -> v != null).map(v -> Filter.gte(field, v)),
                bound.filter(v -> v != null).map(v -> Filter.lt(field, v)),
                bound.filter(v -> v != null).map(v -> Filter.lte(field, v)),
                values.map(v -> Filter.in(field, v)),
                values.map(v -> Filter.nin(field, v)),
                Arbitraries.just(Filter.exists(field)),
                Arbitraries.just(Filter.missing(field))));
        if (field.equals("tags")) {
            ops.add(value.filter(v -> v != null).map(v -> Filter.contains(field, v)));
            ops.add(value.filter(v -> v != null).map(v -> Filter.contains(field, v)));
        }
        if (field.equals("s") || field.equals("id") || field.equals("attrs.x")) {
            ops.add(Arbitraries.of(STRINGS.subList(0, 8)).map(p -> Filter.startsWith(field, p)));
        }
        return Arbitraries.oneOf(ops);
    }
}
