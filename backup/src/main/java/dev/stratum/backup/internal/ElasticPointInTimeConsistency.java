package dev.stratum.backup.internal;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.backup.Consistency;
import dev.stratum.backup.ExportConsistency;
import dev.stratum.store.elastic.ElasticPointInTime;
import dev.stratum.store.elastic.ElasticStore;
import java.util.stream.Stream;

/**
 * Elasticsearch's strongest export read: one point in time over every index of the store
 * ({@link ElasticStore#openPointInTime()}), opened when the job starts; every type is read from it with
 * {@code search_after}, so all types come from one moment and writes made during the export are not
 * seen. Documents whose TTL has passed at that moment are not exported.
 *
 * <p>Found by {@link java.util.ServiceLoader}; only usable when {@code stratum-store-elastic} is on the
 * class path (the module's dependency on it is optional).
 */
public final class ElasticPointInTimeConsistency implements ExportConsistency {

    @Override
    public boolean supports(Store store) {
        return store instanceof ElasticStore;
    }

    @Override
    public ReadScope open(Store store) {
        ElasticStore elastic = (ElasticStore) store;
        ElasticPointInTime pit = elastic.openPointInTime();
        Consistency c = new Consistency(Consistency.Level.SNAPSHOT, "elasticsearch: one point in time over "
                + elastic.config().indexPrefix() + "* opened at " + pit.openedAt() + " (indexes " + pit.indicesByAlias().values() + ")",
                "every type read as of the point in time; writes after it are not included");
        return new ReadScope() {
            @Override
            public Consistency consistency() {
                return c;
            }

            @Override
            public <T> Stream<T> stream(Repository<T, ?> repository, Query query) {
                return pit.stream(repository.metadata().type(), query);
            }

            @Override
            public void close() {
                pit.close();
            }
        };
    }
}
