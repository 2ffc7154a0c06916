package dev.stratum.backup.internal;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.spi.DocumentAccess;
import dev.stratum.backup.BackupException;
import dev.stratum.backup.BackupOptions;
import dev.stratum.backup.ExportConsistency;
import dev.stratum.backup.RestoreMode;
import dev.stratum.backup.TargetNotEmptyException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** What restore and copy share: the target's document access, the mode, verbatim batch writes, the source reader. */
final class Targets {
    private Targets() {}

    @SuppressWarnings("unchecked")
    static <T> Repository<T, Object> repository(Store store, Class<T> type) {
        return (Repository<T, Object>) (Repository<T, ?>) store.repository(type);
    }

    static DocumentAccess access(Repository<?, ?> repository) {
        try {
            return repository.unwrap(DocumentAccess.class);
        } catch (IllegalArgumentException e) {
            throw new BackupException("the " + repository.storeInfo().system() + " repository of " + repository.metadata().collection()
                    + " offers no DocumentAccess (it is not built on AbstractRepository): versions and time stamps cannot be"
                    + " written verbatim", e);
        }
    }

    /** Applies the mode to every target type before anything is written; REFUSE checks all types first. */
    static void applyMode(RestoreMode mode, List<? extends Repository<?, ?>> targets) {
        if (mode == RestoreMode.REFUSE_IF_NOT_EMPTY) {
            for (Repository<?, ?> r : targets) {
                long n = r.count(Query.all());
                if (n > 0) {
                    throw new TargetNotEmptyException("target " + r.storeInfo().system() + " " + r.metadata().collection() + " holds " + n
                            + " entities; nothing was written (use RestoreMode.REPLACE or MERGE)");
                }
            }
        } else if (mode == RestoreMode.REPLACE) {
            for (Repository<?, ?> r : targets) {
                r.deleteAll(Query.all());
            }
        }
    }

    /** Writes one batch verbatim; any failed document fails the job (the batch is not checkpointed). */
    static void write(DocumentAccess access, List<Map<String, Object>> batch, String entity, String idProperty) {
        List<DataAccessException> errors = access.writeVerbatim(batch);
        List<String> failed = new ArrayList<>();
        DataAccessException first = null;
        for (int i = 0; i < errors.size(); i++) {
            DataAccessException e = errors.get(i);
            if (e != null) {
                first = first == null ? e : first;
                if (failed.size() < 5) {
                    failed.add(batch.get(i).get(idProperty) + ": " + e.getMessage());
                }
            }
        }
        if (first != null) {
            throw new BackupException(failed.size() + "+ documents of " + entity + " were not written (the batch will be retried on resume): "
                    + failed, first);
        }
    }

    /** The first consistency plug-in serving the store: configured ones, then ServiceLoader, then best effort. */
    static ExportConsistency.ReadScope reads(Store store, BackupOptions options) {
        for (ExportConsistency c : options.consistency()) {
            if (c.supports(store)) {
                return c.open(store);
            }
        }
        Iterator<ExportConsistency> found = ServiceLoader.load(ExportConsistency.class).iterator();
        while (true) {
            ExportConsistency c;
            try {
                if (!found.hasNext()) {
                    break;
                }
                c = found.next();
                if (!c.supports(store)) {
                    continue;
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                // a plug-in whose store module is not on the class path (e.g. the MongoDB one without stratum-store-mongo)
                continue;
            }
            return c.open(store);
        }
        return new BestEffortConsistency().open(store);
    }
}
