package dev.stratum.api.spi;

import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MigrationRecord} as a map of JSON values and back, for migration targets that keep their history as JSON
 * documents (Elasticsearch, Redis): one field per record component, times as epoch milliseconds, the duration as
 * {@code durationMillis}, the outcome by name, absent parts as {@code null}. Stores with native date types (MongoDB,
 * Firestore) keep their own encoding.
 *
 * <pre>{@code
 * String json = mapper.writeValueAsString(MigrationRecordMaps.toMap(record));
 * MigrationRecord back = MigrationRecordMaps.fromMap(mapper.readValue(json, Map.class));
 * }</pre>
 */
public final class MigrationRecordMaps {
    /** The duration's field; {@value #LEGACY_DURATION} is read too (Redis histories written before it was shared). */
    public static final String DURATION = "durationMillis";
    static final String LEGACY_DURATION = "durationMs";

    private MigrationRecordMaps() {}

    /** The record as a new, mutable map in component order. */
    public static Map<String, @Nullable Object> toMap(MigrationRecord r) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("version", r.version().toString());
        m.put("description", r.description());
        m.put("checksum", r.checksum());
        m.put("installedBy", r.installedBy());
        m.put("startedAt", r.startedAt().toEpochMilli());
        Instant finished = r.finishedAt();
        m.put("finishedAt", finished == null ? null : finished.toEpochMilli());
        m.put(DURATION, r.duration().toMillis());
        m.put("outcome", r.outcome().name());
        m.put("error", r.error());
        m.put("checkpoint", r.checkpoint());
        return m;
    }

    /**
     * The record a map from {@link #toMap} (or its JSON read back) holds.
     *
     * @throws IllegalArgumentException naming the field when one every record has is missing or of the wrong type, or
     *     a value cannot be parsed (the caller reports the record as malformed)
     */
    public static MigrationRecord fromMap(Map<?, ?> m) {
        Object finished = m.get("finishedAt");
        Object duration = m.containsKey(DURATION) ? m.get(DURATION) : m.get(LEGACY_DURATION);
        try {
            return new MigrationRecord(MigrationVersion.parse(required(m, "version", String.class)), required(m, "description", String.class),
                    required(m, "checksum", String.class), required(m, "installedBy", String.class),
                    Instant.ofEpochMilli(required(m, "startedAt", Number.class).longValue()),
                    finished == null ? null : Instant.ofEpochMilli(typed(finished, "finishedAt", Number.class).longValue()),
                    Duration.ofMillis(typed(require(duration, DURATION), DURATION, Number.class).longValue()),
                    MigrationRecord.Outcome.valueOf(required(m, "outcome", String.class)), optional(m, "error"), optional(m, "checkpoint"));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.toString(), e);
        }
    }

    private static <V> V required(Map<?, ?> m, String field, Class<V> type) {
        return typed(require(m.get(field), field), field, type);
    }

    private static Object require(@Nullable Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value;
    }

    private static @Nullable String optional(Map<?, ?> m, String field) {
        Object v = m.get(field);
        return v == null ? null : typed(v, field, String.class);
    }

    private static <V> V typed(Object value, String field, Class<V> type) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("field '" + field + "' is a " + value.getClass().getSimpleName() + ", not a "
                    + type.getSimpleName());
        }
        return type.cast(value);
    }
}
