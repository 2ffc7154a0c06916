package dev.stratum.backup.internal;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.backup.Consistency;
import dev.stratum.backup.ExportConsistency;
import dev.stratum.store.firestore.FirestoreStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

/**
 * Firestore's strongest export read: one read time, fixed when the job starts (microseconds, as
 * Firestore takes it); every page of every type is read at it ({@link FirestoreStore#streamAt}, read-only
 * transactions with that read time), so all types come from one moment and writes made during the
 * export are not seen. Firestore keeps old versions for one hour (seven days with point-in-time
 * recovery): an export that runs longer fails rather than mixing moments.
 *
 * <p>Found by {@link java.util.ServiceLoader}; only usable when {@code stratum-store-firestore} is on the
 * class path (the module's dependency on it is optional).
 */
public final class FirestoreReadTimeConsistency implements ExportConsistency {

    @Override
    public boolean supports(Store store) {
        return store instanceof FirestoreStore;
    }

    @Override
    public ReadScope open(Store store) {
        FirestoreStore firestore = (FirestoreStore) store;
        Instant readTime = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Consistency c = new Consistency(Consistency.Level.SNAPSHOT, "gcp.firestore: every read at read time " + readTime,
                "every type read as of the read time; writes after it are not included (the export must finish within Firestore's"
                        + " version retention: 1 hour, 7 days with point-in-time recovery)");
        return new ReadScope() {
            @Override
            public Consistency consistency() {
                return c;
            }

            @Override
            public <T> Stream<T> stream(Repository<T, ?> repository, Query query) {
                return firestore.streamAt(repository.metadata().type(), query, readTime);
            }

            @Override
            public void close() {}
        };
    }
}
