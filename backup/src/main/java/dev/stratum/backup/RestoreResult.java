package dev.stratum.backup;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a restore or a copy.
 *
 * @param written documents written per entity name in this run (a resumed run counts only its own)
 * @param resumed whether the run continued from a checkpoint
 * @param took wall time of this run
 * @param consistency what the source reads guaranteed (for a restore, the archive's)
 */
public record RestoreResult(Map<String, Long> written, boolean resumed, Duration took, Consistency consistency) {
    public RestoreResult {
        written = Map.copyOf(written);
    }

    /** Documents written in this run, all types. */
    public long total() {
        return written.values().stream().mapToLong(Long::longValue).sum();
    }
}
