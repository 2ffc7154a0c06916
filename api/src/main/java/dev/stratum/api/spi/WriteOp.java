package dev.stratum.api.spi;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One write a store must perform, prepared and validated by {@link AbstractRepository}.
 *
 * @param kind what to do
 * @param id the neutral id (String, UUID or Long), never null
 * @param document the complete neutral document to store, holding the id under the id property and
 *     the new version under the version property
 * @param expectedVersion for {@link Kind#REPLACE} of versioned entities: write
 *     only if the stored version equals this; null for no check
 * @param index position in the caller's batch (0 for single writes)
 */
public record WriteOp(Kind kind, Object id, Map<String, Object> document, @Nullable Long expectedVersion, int index) {

    /** Kinds of write. */
    public enum Kind {
        /** Create; {@link WriteOutcome#DUPLICATE_KEY} if the id exists. */
        INSERT,
        /** Replace an existing entity (checking {@code expectedVersion} when set); never creates. */
        REPLACE,
        /** Create or replace, unconditionally. */
        UPSERT
    }
}
