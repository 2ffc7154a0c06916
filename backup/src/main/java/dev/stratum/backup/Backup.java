package dev.stratum.backup;

import dev.stratum.api.Store;
import dev.stratum.backup.internal.CopyJob;
import dev.stratum.backup.internal.ExportJob;
import dev.stratum.backup.internal.ManifestCodec;
import dev.stratum.backup.internal.RestoreJob;
import dev.stratum.backup.internal.VerifyJob;
import java.nio.file.Path;
import java.util.List;

/**
 * Logical backup, restore, cross-store copy and verify of entity types through the one
 * {@link dev.stratum.api.Repository} contract, so any store can be backed up and restored into any
 * other.
 *
 * <p><b>The archive</b> is a directory: one {@code <entity>.ndjson.gz} per entity type (gzip of one
 * canonical JSON document per line: the neutral document of {@link dev.stratum.api.EntityMapper} with
 * sorted keys, ids and versions as stored) and a {@code manifest.json} written last (types, counts,
 * SHA-256 and size of each file, source store and server version, Stratum version, start and end time,
 * the {@link Consistency} achieved).
 *
 * <pre>{@code
 * Manifest m = Backup.export(mongo, Path.of("backups/2026-11-29"), BackupOptions.defaults(), Task.class, User.class);
 *
 * RestoreResult r = Backup.restore(Path.of("backups/2026-11-29"), redis,
 *         BackupOptions.builder().mode(RestoreMode.REPLACE).checkpoint(Path.of("restore.ckpt")).build());
 *
 * Backup.copy(mongo, redis, BackupOptions.builder().mode(RestoreMode.MERGE).build(), Task.class);
 *
 * VerifyReport v = Backup.verify(Path.of("backups/2026-11-29"), redis, BackupOptions.defaults());
 * if (!v.matches()) { v.types().forEach(System.out::println); }
 * }</pre>
 *
 * <p>Every job streams: memory is one batch, whatever the number of documents. Restores and copies
 * write through {@link dev.stratum.api.spi.DocumentAccess#writeVerbatim} (ids, versions and time
 * stamps exactly as archived) in batches of {@link BackupOptions#batchSize()}; with a
 * {@link BackupOptions#checkpoint()} a killed job, run again with the same options, continues after
 * its last completed batch.
 */
public final class Backup {
    private Backup() {}

    /**
     * Exports the types into a new (or empty) archive directory.
     *
     * @throws BackupException if the directory is not empty or a file cannot be written
     */
    public static Manifest export(Store source, Path archive, BackupOptions options, Class<?>... types) {
        return ExportJob.run(source, archive, List.of(types), options);
    }

    /**
     * Restores the named types (none: every type of the archive, loaded by class name) into the target.
     * The whole archive is validated first — manifest, size and SHA-256 of every file, complete gzip,
     * one JSON object with an id per line, line counts — and nothing is written if any check fails;
     * then the mode is applied and the types are written in checkpointed batches.
     *
     * @throws CorruptArchiveException if the archive is incomplete or altered (nothing written)
     * @throws TargetNotEmptyException in {@link RestoreMode#REFUSE_IF_NOT_EMPTY} mode (nothing written)
     */
    public static RestoreResult restore(Path archive, Store target, BackupOptions options, Class<?>... types) {
        return RestoreJob.run(archive, target, List.of(types), options);
    }

    /**
     * Copies the types from one store to another without an intermediate file: each type is read in
     * id order through the source's {@link ExportConsistency} and written verbatim in checkpointed
     * batches; then, if {@link BackupOptions#verifyAfterCopy()}, the target is verified against the
     * source (the result's report).
     */
    public static CopyResult copy(Store source, Store target, BackupOptions options, Class<?>... types) {
        RestoreResult r = CopyJob.run(source, target, List.of(types), options);
        VerifyReport v = options.verifyAfterCopy() ? VerifyJob.stores(source, target, List.of(types), options) : null;
        return new CopyResult(r, v);
    }

    /** Compares an archive (validated first) with a target store: counts and per-document digests. */
    public static VerifyReport verify(Path archive, Store target, BackupOptions options, Class<?>... types) {
        return VerifyJob.archive(archive, target, List.of(types), options);
    }

    /** Compares a source store with a target store: counts and per-document digests. */
    public static VerifyReport verify(Store source, Store target, BackupOptions options, Class<?>... types) {
        return VerifyJob.stores(source, target, List.of(types), options);
    }

    /** Reads an archive's manifest without checking its files. */
    public static Manifest manifest(Path archive) {
        return ManifestCodec.read(archive);
    }
}
