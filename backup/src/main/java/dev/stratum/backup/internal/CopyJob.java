package dev.stratum.backup.internal;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Store;
import dev.stratum.api.spi.DocumentAccess;
import dev.stratum.backup.BackupException;
import dev.stratum.backup.BackupOptions;
import dev.stratum.backup.ExportConsistency;
import dev.stratum.backup.RestoreResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export piped into restore: each source type is streamed in id order and written to the target
 * verbatim in checkpointed batches. The checkpoint holds the last id written, so a resumed copy reads
 * only {@code id > last} (a source that cannot sort by id copies unordered and restarts its type).
 */
public final class CopyJob {
    private static final Logger LOG = LoggerFactory.getLogger("dev.stratum.backup");

    private CopyJob() {}

    public static RestoreResult run(Store source, Store target, List<Class<?>> types, BackupOptions options) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("name at least one entity type to copy");
        }
        long start = System.nanoTime();
        List<Repository<?, Object>> sources = new ArrayList<>();
        List<Repository<?, Object>> targets = new ArrayList<>();
        for (Class<?> t : types) {
            sources.add(Targets.repository(source, t));
            targets.add(Targets.repository(target, t));
        }
        String job = "copy " + source.name() + ":" + sources.get(0).storeInfo().namespace() + " -> " + target.name() + ":"
                + targets.get(0).storeInfo().namespace() + " " + types.stream().map(Class::getName).toList();
        Checkpoint ck = Checkpoint.open(options.checkpoint().orElse(null), job);
        Map<String, Long> written = new LinkedHashMap<>();
        ExportConsistency.ReadScope reads = Targets.reads(source, options);
        try (reads) {
            if (!ck.modeApplied()) {
                Targets.applyMode(options.mode(), targets);
                ck.modeApplied(true);
            }
            for (int i = 0; i < types.size(); i++) {
                written.put(sources.get(i).metadata().collection(), copyType(reads, sources.get(i), targets.get(i), ck, options));
            }
        }
        ck.complete();
        return new RestoreResult(written, ck.resumed(), Duration.ofNanos(System.nanoTime() - start), reads.consistency());
    }

    private static <T> long copyType(ExportConsistency.ReadScope reads, Repository<T, Object> from, Repository<?, Object> to, Checkpoint ck,
            BackupOptions options) {
        String entity = from.metadata().collection();
        Checkpoint.TypeState state = ck.type(entity);
        if (state.complete) {
            return 0;
        }
        String idProperty = from.metadata().idProperty();
        DocumentAccess access = Targets.access(to);
        NeutralJson json = new NeutralJson(access.mapper());
        ProgressTracker progress = new ProgressTracker("copy", entity, Math.max(0, from.count(Query.all()) - state.done), options.listener(),
                options.progressInterval());
        boolean ordered = true;
        Stream<T> stream;
        try {
            Query q = state.lastId == null ? Query.all()
                    : Query.where(Filter.gt(idProperty, json.idFromJson(state.lastId, from.metadata())));
            stream = reads.stream(from, q.sortBy(Sort.asc(idProperty)));
        } catch (QueryNotSupportedException e) {
            if (state.lastId != null) {
                throw new BackupException("cannot resume the copy of " + entity + ": the source cannot read by id order (" + e.getMessage() + ")", e);
            }
            LOG.warn("{} cannot stream {} in id order ({}): copying unordered; a resumed copy restarts this type", from.storeInfo().system(),
                    entity, e.getMessage());
            ordered = false;
            state.done = 0;
            stream = reads.stream(from, Query.all());
        }
        try (Stream<T> s = stream) {
            Iterator<T> it = s.iterator();
            List<Map<String, Object>> batch = new ArrayList<>(options.batchSize());
            while (it.hasNext()) {
                batch.add(access.mapper().toDocument(it.next()));
                if (batch.size() == options.batchSize()) {
                    flush(access, batch, entity, idProperty, json, ordered, state, ck, progress);
                }
            }
            if (!batch.isEmpty()) {
                flush(access, batch, entity, idProperty, json, ordered, state, ck, progress);
            }
        }
        state.complete = true;
        ck.save();
        progress.done();
        return progress.documents();
    }

    private static void flush(DocumentAccess access, List<Map<String, Object>> batch, String entity, String idProperty, NeutralJson json,
            boolean ordered, Checkpoint.TypeState state, Checkpoint ck, ProgressTracker progress) {
        Targets.write(access, batch, entity, idProperty);
        state.done += batch.size();
        @Nullable Object last = batch.get(batch.size() - 1).get(idProperty);
        state.lastId = ordered && last != null ? new String(json.bytes(last), StandardCharsets.UTF_8) : null;
        ck.save();
        progress.documents(batch.size());
        batch.clear();
        progress.batch();
    }
}
