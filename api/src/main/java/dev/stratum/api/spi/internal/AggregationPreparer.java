package dev.stratum.api.spi.internal;

import dev.stratum.api.internal.QueryPreparer;
import com.fasterxml.jackson.databind.JavaType;
import dev.stratum.api.Aggregation;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.InvalidQueryException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Validates an {@link Aggregation} against the entity and the store before any I/O. */
public final class AggregationPreparer {
    private final EntityMetadata<?> meta;
    private final QueryPreparer queries;

    public AggregationPreparer(EntityMetadata<?> meta, QueryPreparer queries) {
        this.meta = meta;
        this.queries = queries;
    }

    /** The aggregation with its filter prepared. @throws InvalidQueryException naming the bad part */
    public Aggregation prepare(Aggregation a) {
        if (a == null) {
            throw new InvalidQueryException("null aggregation");
        }
        if (a.groups().isEmpty() && a.metrics().isEmpty()) {
            throw new InvalidQueryException("an aggregation needs a group or a metric (count, sum, avg, min, max)");
        }
        for (Aggregation.Group g : a.groups()) {
            JavaType t = meta.validatePath(g.field());
            if (g.bucket() != null && t.getRawClass() != Instant.class && t.getRawClass() != Object.class) {
                throw new InvalidQueryException("time bucket on '" + g.field() + "' of " + meta.type().getName() + ", which holds "
                        + t.getRawClass().getSimpleName() + " values, not Instant");
            }
            if (t.isContainerType() && t.getRawClass() != byte[].class) {
                throw new InvalidQueryException("group by '" + g.field() + "' of " + meta.type().getName() + ": lists and maps cannot be group keys");
            }
        }
        for (Aggregation.Metric m : a.metrics()) {
            if (m.field() == null) {
                continue;
            }
            JavaType t = meta.validatePath(m.field());
            Class<?> raw = t.getRawClass();
            boolean numeric = raw == int.class || raw == long.class || raw == double.class || Number.class.isAssignableFrom(raw);
            boolean ordered = numeric || raw == Instant.class || raw == String.class || raw == LocalDate.class;
            if ((m.function() == Aggregation.Function.SUM || m.function() == Aggregation.Function.AVG) && !numeric && raw != Object.class) {
                throw new InvalidQueryException(m.function().name().toLowerCase(Locale.ROOT) + " of '" + m.field() + "' of "
                        + meta.type().getName() + ", which holds " + raw.getSimpleName() + " values, not numbers");
            }
            if (!ordered && raw != Object.class && raw != BigDecimal.class) {
                throw new InvalidQueryException(m.function().name().toLowerCase(Locale.ROOT) + " of '" + m.field() + "' of "
                        + meta.type().getName() + ": " + raw.getSimpleName() + " values are not ordered");
            }
        }
        return a.over(queries.prepare(a.query())); // the filter's fields, values and constructs checked
    }

    /** The fields the aggregation reads (group and metric fields). */
    public Set<String> fieldsRead(Aggregation a) {
        Set<String> out = new LinkedHashSet<>();
        a.groups().forEach(g -> out.add(g.field()));
        a.metrics().forEach(m -> {
            if (m.field() != null) {
                out.add(m.field());
            }
        });
        return out;
    }
}
