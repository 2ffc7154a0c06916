package dev.stratum.cache;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Ready-made query taggers for {@link CacheConfig.Builder#queryTags(Function)}.
 *
 * <pre>{@code
 * // entity side: a task carries the tag of its assignee
 * .entityTags(task -> Set.of("user:" + task.assigneeId()))
 * // query side: "the tasks of user 42" (eq or in on assigneeId, alone or and-ed with more) carries "user:42"
 * .queryTags(QueryTags.whenEquals("assigneeId", v -> "user:" + v))
 * }</pre>
 *
 * <p>Writing any task of user 42 through the decorator then invalidates every cached query tagged
 * {@code user:42}, and writing a task that appears in a cached result invalidates that result.
 */
public final class QueryTags {
    private QueryTags() {}

    /**
     * Tags queries whose filter pins {@code field} with {@code eq(field, v)} or {@code in(field, v1, v2…)},
     * either as the whole filter or as a member of a top-level {@code and}: one tag per value. Other
     * queries get no tag and are not cached. Null values give no tag.
     */
    public static Function<Query, Set<String>> whenEquals(String field, Function<Object, String> tag) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(tag, "tag");
        return query -> {
            Filter f = query.filter().orElse(null);
            if (f == null) {
                return Set.of();
            }
            List<Filter> members = f instanceof Filter.And and ? and.filters() : List.of(f);
            for (Filter m : members) {
                Set<String> tags = tagsOf(m, field, tag);
                if (!tags.isEmpty()) {
                    return tags;
                }
            }
            return Set.of();
        };
    }

    /** Tags every query (without an offset) with the same {@code tag}: any write invalidates all of them. */
    public static Function<Query, Set<String>> always(String tag) {
        Objects.requireNonNull(tag, "tag");
        Set<String> tags = Set.of(tag);
        return query -> tags;
    }

    private static Set<String> tagsOf(Filter f, String field, Function<Object, String> tag) {
        if (f instanceof Filter.Eq eq && eq.field().equals(field)) {
            return collect(Collections.singletonList(eq.value()), tag);
        }
        if (f instanceof Filter.In in && in.field().equals(field)) {
            return collect(in.values(), tag);
        }
        return Set.of();
    }

    private static Set<String> collect(List<? extends @Nullable Object> values, Function<Object, String> tag) {
        Set<String> out = new LinkedHashSet<>();
        for (Object v : values) {
            if (v == null) {
                return Set.of(); // null also matches absent values: no tag describes those entities
            }
            out.add(tag.apply(v instanceof Enum<?> e ? e.name() : v));
        }
        return out;
    }
}
