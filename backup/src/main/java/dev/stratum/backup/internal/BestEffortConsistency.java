package dev.stratum.backup.internal;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.backup.Consistency;
import dev.stratum.backup.ExportConsistency;
import java.util.stream.Stream;

/**
 * The reader used when no plug-in serves a store: one {@link Repository#stream} per type, recording
 * what that guarantees on each known store.
 */
final class BestEffortConsistency implements ExportConsistency {

    @Override
    public boolean supports(Store store) {
        return true;
    }

    @Override
    public ReadScope open(Store store) {
        Consistency c = switch (store.name()) {
            case "memory" -> new Consistency(Consistency.Level.PER_TYPE_SNAPSHOT, "memory: copy of the type under its lock",
                    "each type is read as of the moment its stream opened; types may be from different moments");
            case "mongodb" -> new Consistency(Consistency.Level.BEST_EFFORT, "mongodb: one cursor per collection, no snapshot session",
                    "a document changed during the export may be read in its old or new state; documents inserted or deleted"
                            + " meanwhile may or may not be included");
            case "redis" -> new Consistency(Consistency.Level.BEST_EFFORT, "redis: ids snapshotted from the index per type, documents"
                    + " read in windows", "a document updated during the export is read in its newest state, one deleted meanwhile is"
                    + " skipped, one inserted after its type's stream opened is not included");
            default -> new Consistency(Consistency.Level.BEST_EFFORT, store.name() + ": Repository.stream per type",
                    "read while writes continue; no consistency plug-in is installed for this store");
        };
        return new ReadScope() {
            @Override
            public Consistency consistency() {
                return c;
            }

            @Override
            public <T> Stream<T> stream(Repository<T, ?> repository, Query query) {
                return repository.stream(query);
            }

            @Override
            public void close() {}
        };
    }
}
