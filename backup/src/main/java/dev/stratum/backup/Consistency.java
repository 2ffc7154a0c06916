package dev.stratum.backup;

/**
 * What an export (or the source side of a copy or verify) guaranteed about the data it read; recorded
 * in the {@link Manifest}.
 *
 * @param level the guarantee
 * @param mechanism how it was obtained, e.g. {@code mongodb snapshot session (atClusterTime …)} or
 *     {@code redis index snapshot per type}
 * @param detail what the guarantee means for writes that ran during the export
 */
public record Consistency(Level level, String mechanism, String detail) {

    /** Strongest first. */
    public enum Level {
        /** Every type read at one point in time (MongoDB snapshot session, Elasticsearch PIT, Firestore read time). */
        SNAPSHOT,
        /** Each type read at its own point in time; types may be from different moments. */
        PER_TYPE_SNAPSHOT,
        /** Read while writes continue: a document changed during the export may be in its old or new state. */
        BEST_EFFORT
    }
}
