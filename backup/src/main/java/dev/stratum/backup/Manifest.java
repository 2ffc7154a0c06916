package dev.stratum.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The table of contents of an archive ({@code manifest.json}), written last: an archive without one
 * is incomplete and refused.
 *
 * @param format the archive format version ({@value #FORMAT})
 * @param stratumVersion the Stratum version that wrote it
 * @param source where the data came from
 * @param startedAt when the export began
 * @param finishedAt when the last file was complete
 * @param consistency what the export guaranteed (see {@link ExportConsistency})
 * @param entries one per entity type, in export order
 */
public record Manifest(int format, String stratumVersion, Source source, Instant startedAt, Instant finishedAt,
        Consistency consistency, List<Entry> entries) {

    /** The archive format this version writes and reads. */
    public static final int FORMAT = 1;

    public Manifest {
        entries = List.copyOf(entries);
    }

    /**
     * The exporting store.
     *
     * @param system {@code mongodb}, {@code redis}, {@code memory}, ... ({@link dev.stratum.api.StoreInfo#system()})
     * @param namespace database, key prefix, ... (never credentials)
     * @param serverVersion the server's version from {@link dev.stratum.api.Store#health()}, when known
     */
    public record Source(String system, String namespace, @Nullable String serverVersion) {}

    /**
     * One entity type's file.
     *
     * @param entity the entity (collection) name, {@link dev.stratum.api.EntityMetadata#collection()}
     * @param type the entity class name at export time
     * @param file the file name inside the archive ({@code <entity>.ndjson.gz})
     * @param count how many documents (lines) it holds
     * @param sha256 hex SHA-256 of the file's bytes (compressed)
     * @param bytes the file's size
     */
    public record Entry(String entity, String type, String file, long count, String sha256, long bytes) {}

    /** The entry of an entity name. */
    public Optional<Entry> entry(String entity) {
        return entries.stream().filter(e -> e.entity().equals(entity)).findFirst();
    }

    /** Total documents in the archive. */
    public long totalDocuments() {
        return entries.stream().mapToLong(Entry::count).sum();
    }
}
