package dev.stratum.testkit.domain;

import dev.stratum.api.CompoundIndex;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The differential fuzzer's entity ({@link dev.stratum.testkit.DifferentialQueryFuzzer}): one field
 * per kind of value whose semantics stores tend to disagree on — unicode strings, longs beyond 2^53,
 * doubles, BigDecimals of 20+ digits, booleans, lists holding nulls, and an untyped map whose entries
 * may be absent, null, of mixed types or nested. Every scalar field is indexed so index-only stores
 * (Redis) serve the queries from their indexes; {@code attrs.*} paths go through a scan. The compound
 * indexes make such stores serve queries with equality on {@code b} or {@code i} through the
 * compound structures (a numeric and a lexical next field).
 */
@Entity("kit_fuzz_records")
@CompoundIndex(name = "fuzz_b_d", fields = {"b", "d"})
@CompoundIndex(name = "fuzz_i_s", fields = {"i", "-s"})
public record FuzzRecord(
        @Id String id,
        @Indexed @Nullable String s,
        @Indexed @Nullable Long n,
        @Indexed @Nullable Integer i,
        @Indexed @Nullable Double d,
        @Indexed @Nullable BigDecimal dec,
        @Indexed @Nullable Boolean b,
        @Indexed @Nullable List<@Nullable String> tags,
        @Nullable Map<String, @Nullable Object> attrs) {}
