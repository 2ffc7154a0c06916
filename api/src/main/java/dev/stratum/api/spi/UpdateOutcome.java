package dev.stratum.api.spi;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a store reports for one partial update ({@link AbstractRepository#doUpdate}).
 *
 * @param outcome {@link WriteOutcome#WRITTEN}, {@link WriteOutcome#NOT_FOUND} (no such id, or it no
 *     longer matches the condition) or {@link WriteOutcome#VERSION_CONFLICT}
 * @param document the document as stored after the update when written, else null
 */
public record UpdateOutcome(WriteOutcome outcome, @Nullable Map<String, Object> document) {

    public static UpdateOutcome written(Map<String, Object> document) {
        return new UpdateOutcome(WriteOutcome.WRITTEN, document);
    }

    public static UpdateOutcome of(WriteOutcome outcome) {
        return new UpdateOutcome(outcome, null);
    }
}
