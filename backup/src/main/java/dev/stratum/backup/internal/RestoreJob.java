package dev.stratum.backup.internal;

import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.spi.DocumentAccess;
import dev.stratum.backup.BackupException;
import dev.stratum.backup.BackupOptions;
import dev.stratum.backup.Manifest;
import dev.stratum.backup.RestoreResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates the whole archive (nothing is written to a store before it passes), applies the mode, then
 * writes each type verbatim in checkpointed batches.
 */
public final class RestoreJob {
    private RestoreJob() {}

    /** An archive entry and the class it restores into. */
    record Planned(Manifest.Entry entry, Class<?> type) {}

    public static RestoreResult run(Path archive, Store target, List<Class<?>> types, BackupOptions options) {
        long start = System.nanoTime();
        byte[] manifestBytes = ManifestCodec.bytes(archive);
        Manifest manifest = ManifestCodec.parse(manifestBytes, archive);
        List<Planned> plan = plan(manifest, types);
        for (Planned p : plan) {
            ArchiveValidator.validate(archive, p.entry(), EntityMetadata.of(p.type()).idProperty());
        }
        Checkpoint ck = Checkpoint.open(options.checkpoint().orElse(null),
                "restore " + NeutralJson.sha256(manifestBytes) + " into " + target.name());
        List<Repository<?, Object>> repos = new ArrayList<>();
        for (Planned p : plan) {
            repos.add(Targets.repository(target, p.type()));   // opening a repository creates its declared indexes
        }
        if (!ck.modeApplied()) {
            Targets.applyMode(options.mode(), repos);
            ck.modeApplied(true);
        }
        Map<String, Long> written = new LinkedHashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            written.put(p.entry().entity(), restoreType(archive, p.entry(), repos.get(i), ck, options));
        }
        ck.complete();
        return new RestoreResult(written, ck.resumed(), Duration.ofNanos(System.nanoTime() - start), manifest.consistency());
    }

    private static List<Planned> plan(Manifest manifest, List<Class<?>> types) {
        List<Planned> plan = new ArrayList<>();
        if (types.isEmpty()) {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            for (Manifest.Entry e : manifest.entries()) {
                try {
                    plan.add(new Planned(e, Class.forName(e.type(), true, cl == null ? RestoreJob.class.getClassLoader() : cl)));
                } catch (ClassNotFoundException ex) {
                    throw new BackupException("the archive's type " + e.type() + " (" + e.entity() + ") is not on the class path;"
                            + " pass the entity classes to restore explicitly", ex);
                }
            }
            return plan;
        }
        for (Class<?> t : types) {
            String entity = EntityMetadata.of(t).collection();
            Manifest.Entry e = manifest.entry(entity).orElseThrow(() -> new BackupException("the archive holds no '" + entity + "' ("
                    + t.getName() + "); it holds " + manifest.entries().stream().map(Manifest.Entry::entity).toList()));
            plan.add(new Planned(e, t));
        }
        return plan;
    }

    private static <T> long restoreType(Path archive, Manifest.Entry entry, Repository<T, Object> repo, Checkpoint ck, BackupOptions options) {
        Checkpoint.TypeState state = ck.type(entry.entity());
        if (state.complete) {
            return 0;
        }
        DocumentAccess access = Targets.access(repo);
        NeutralJson json = new NeutralJson(access.mapper());
        Class<T> type = repo.metadata().type();
        String idProperty = repo.metadata().idProperty();
        ProgressTracker progress = new ProgressTracker("restore", entry.entity(), entry.count() - state.done, options.listener(),
                options.progressInterval());
        try (TypeFileReader in = new TypeFileReader(archive.resolve(entry.file()))) {
            for (long skip = state.done; skip > 0; skip--) {
                in.next();
            }
            List<Map<String, Object>> batch = new ArrayList<>(options.batchSize());
            byte[] line;
            while ((line = in.next()) != null) {
                batch.add(access.mapper().toDocument(json.entity(line, type)));
                if (batch.size() == options.batchSize()) {
                    flush(access, batch, entry.entity(), idProperty, state, ck, progress);
                }
            }
            if (!batch.isEmpty()) {
                flush(access, batch, entry.entity(), idProperty, state, ck, progress);
            }
        }
        state.complete = true;
        ck.save();
        progress.done();
        return progress.documents();
    }

    private static void flush(DocumentAccess access, List<Map<String, Object>> batch, String entity, String idProperty,
            Checkpoint.TypeState state, Checkpoint ck, ProgressTracker progress) {
        Targets.write(access, batch, entity, idProperty);
        state.done += batch.size();
        ck.save();
        progress.documents(batch.size());
        batch.clear();
        progress.batch();
    }
}
