package dev.stratum.api.spi.internal;

import dev.stratum.api.Aggregation;
import dev.stratum.api.spi.DocumentPath;
import dev.stratum.api.spi.ValueOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The reference computation of an {@link Aggregation} over a stream of neutral documents: one pass,
 * memory proportional to the number of groups. Rows are neutral maps keyed by the result names,
 * sorted by the group values.
 */
public final class Aggregator {
    private Aggregator() {}

    public static List<Map<String, Object>> aggregate(Aggregation a, Stream<Map<String, Object>> documents) {
        Map<List<Object>, Object[]> groups = new HashMap<>();
        documents.forEach(d -> {
            List<Object> key = new ArrayList<>(a.groups().size());
            for (Aggregation.Group g : a.groups()) {
                Object v = value(d, g.field());
                key.add(g.bucket() == null ? v : bucket(v, g.bucket()));
            }
            Object[] acc = groups.computeIfAbsent(key, k -> new Object[a.metrics().size()]);
            for (int i = 0; i < acc.length; i++) {
                Aggregation.Metric m = a.metrics().get(i);
                acc[i] = accumulate(m.function(), acc[i], m.field() == null ? null : value(d, m.field()));
            }
        });
        List<Map.Entry<List<Object>, Object[]>> entries = new ArrayList<>(groups.entrySet());
        entries.sort(Map.Entry.comparingByKey(ValueOrder.lexicographic()));
        List<Map<String, Object>> out = new ArrayList<>(entries.size());
        for (Map.Entry<List<Object>, Object[]> e : entries) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < a.groups().size(); i++) {
                row.put(a.groups().get(i).name(), e.getKey().get(i));
            }
            for (int i = 0; i < a.metrics().size(); i++) {
                row.put(a.metrics().get(i).name(), result(a.metrics().get(i).function(), e.getValue()[i]));
            }
            out.add(row);
        }
        return out;
    }

    /**
     * A stored time stamp as an Instant: stores hand over their native form (an Instant, a Date, epoch
     * milliseconds from JSON stores, or ISO-8601 text); anything else is no time stamp.
     */
    private static @Nullable Instant asInstant(@Nullable Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof Long || value instanceof Integer) {
            return Instant.ofEpochMilli(((Number) value).longValue());
        }
        if (value instanceof String s) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** The start of the bucket {@code value} (an Instant) falls in, or null. */
    public static @Nullable Instant bucket(@Nullable Object value, Aggregation.TimeBucket bucket) {
        Instant at = asInstant(value);
        if (at == null) {
            return null;
        }
        return at.truncatedTo(switch (bucket) {
            case MINUTE -> ChronoUnit.MINUTES;
            case HOUR -> ChronoUnit.HOURS;
            case DAY -> ChronoUnit.DAYS;
        });
    }

    private static @Nullable Object value(Map<String, Object> d, String path) {
        Object v = DocumentPath.get(d, path);
        return v == DocumentPath.ABSENT ? null : v;
    }

    /** Sum state: [long or double or BigDecimal]; avg state: double[]{sum, n}; min/max: the value. */
    private static @Nullable Object accumulate(Aggregation.Function f, @Nullable Object acc, @Nullable Object v) {
        switch (f) {
            case COUNT:
                return acc == null ? 1L : (Long) acc + 1;
            case SUM:
                Object s = acc == null ? (Object) 0L : acc;
                if (!(v instanceof Number n)) {
                    return s;
                }
                if (s instanceof BigDecimal || n instanceof BigDecimal) {
                    return new BigDecimal(s.toString()).add(new BigDecimal(n.toString()));
                }
                if (s instanceof Double || n instanceof Double || n instanceof Float) {
                    return ((Number) s).doubleValue() + n.doubleValue();
                }
                return (Long) s + n.longValue();
            case AVG:
                double[] avg = acc == null ? new double[2] : (double[]) acc;
                if (v instanceof Number n) {
                    avg[0] += n.doubleValue();
                    avg[1]++;
                }
                return avg;
            case MIN:
                return v == null || (acc != null && ValueOrder.compare(acc, v) <= 0) ? acc : v;
            default:
                return v == null || (acc != null && ValueOrder.compare(acc, v) >= 0) ? acc : v;
        }
    }

    private static @Nullable Object result(Aggregation.Function f, @Nullable Object acc) {
        switch (f) {
            case COUNT:
                return acc == null ? 0L : acc;
            case SUM:
                return acc == null ? 0L : acc;
            case AVG:
                double[] avg = (double[]) acc;
                return avg == null || avg[1] == 0 ? null : avg[0] / avg[1];
            default:
                return acc;
        }
    }
}
