package dev.stratum.backup;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import java.util.stream.Stream;

/**
 * Plug-in giving an export the strongest consistent read a store offers. Plug-ins are asked in order
 * — those in {@link BackupOptions.Builder#consistency}, then those found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.stratum.backup.ExportConsistency}) —
 * and the first whose {@link #supports} answers true opens the read; without one, the built-in
 * best-effort reader streams each type through {@link Repository#stream} and records what that
 * guarantees for the store's kind (see the module README).
 *
 * <p>A plug-in typically recognises its store by {@link Store#name()} and reaches the native client
 * with {@link Store#unwrap}: MongoDB a {@code ClientSession} with {@code snapshot(true)} on a replica
 * set, Elasticsearch a point-in-time id, Firestore a read time.
 *
 * <pre>{@code
 * final class PitConsistency implements ExportConsistency {
 *     public boolean supports(Store store) { return store.name().equals("elasticsearch"); }
 *     public ReadScope open(Store store) { ... open a PIT, stream each index with search_after ... }
 * }
 * }</pre>
 */
public interface ExportConsistency {

    /** Whether this plug-in serves {@code store}. */
    boolean supports(Store store);

    /** Opens the reads of one job; the job closes the scope when it is done. */
    ReadScope open(Store store);

    /** The reads of one job, all at the consistency it reports. */
    interface ReadScope extends AutoCloseable {

        /** What these reads guarantee; recorded in the manifest. */
        Consistency consistency();

        /**
         * The entities the query matches, fetched lazily with bounded memory (as
         * {@link Repository#stream}); the caller closes the stream.
         */
        <T> Stream<T> stream(Repository<T, ?> repository, Query query);

        /** Releases the session, point in time, ... Never throws. */
        @Override
        void close();
    }
}
