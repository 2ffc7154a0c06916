package dev.stratum.store.firestore.internal;

import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.QueryNotSupportedException;
import java.util.List;

/**
 * What {@code createIndex}/{@code dropIndex} mean on Firestore. Firestore indexes every field of a
 * document by itself (automatic single-field indexes, both directions), so a plain single-field index
 * has nothing left to build: {@code createIndex} checks the field and creates nothing, and
 * {@code dropIndex} drops nothing. Refused before any I/O: a <b>compound</b> index (composite indexes
 * are created outside the client — {@code gcloud firestore indexes composite create} or
 * {@code firestore.indexes.json} — and the client library has no call for them), a <b>unique</b> index
 * (Firestore has no unique constraint; Stratum keeps reservation documents only for indexes declared
 * on the entity, written with each entity, which an index added later would need backfilled), a
 * <b>TTL</b> index (TTL policies are set outside the client too: {@code gcloud firestore fields ttls
 * update}) and a text index.
 */
public final class FirestoreIndexOperations {
    private static final String STORE = "gcp.firestore"; // FirestoreStore.NAME (internal must not depend on the public class)

    private FirestoreIndexOperations() {}

    /** Refuses, without I/O, what cannot be created. */
    public static void checkCreatable(Class<?> entityType, IndexDefinition index) {
        String what = "createIndex of index '" + index.name() + "' on " + entityType.getSimpleName();
        if (!index.isSingleField()) {
            throw new QueryNotSupportedException(STORE, what + " (a composite index)", "composite indexes are created outside the client:"
                    + " gcloud firestore indexes composite create, or firestore.indexes.json");
        }
        if (index.unique()) {
            throw new QueryNotSupportedException(STORE, what + " (unique)", "Firestore has no unique constraint; Stratum's unique"
                    + " reservations are kept only for indexes declared with @Indexed(unique = true)/@CompoundIndex(unique = true) on the entity");
        }
        if (index.ttlSeconds() > 0) {
            throw new QueryNotSupportedException(STORE, what + " (TTL)", "TTL policies are set outside the client: gcloud firestore fields ttls update");
        }
        if (index.text()) {
            throw new QueryNotSupportedException(STORE, what + " (text)", "Firestore has no full-text index");
        }
        EntityMetadata.of(entityType).validatePath(index.fields().get(0).path());
    }

    /** Nothing to build: single-field indexes are automatic (see the class comment); false, as for an existing index. */
    public static boolean create(Class<?> entityType, IndexDefinition index) {
        checkCreatable(entityType, index);
        return false;
    }

    /** The indexes the store maintains for the entity: those it declares. */
    public static List<IndexDefinition> list(Class<?> entityType) {
        return EntityMetadata.of(entityType).indexes();
    }
}
