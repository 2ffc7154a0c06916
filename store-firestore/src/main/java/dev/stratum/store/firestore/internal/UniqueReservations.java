package dev.stratum.store.firestore.internal;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import com.google.cloud.firestore.TransactionOptions;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.spi.DocumentPath;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Unique indexes, which Firestore does not have: each unique value is a <em>reservation document</em>
 * in {@code <collection>_unique}, named by the index and a hash of the value, holding the owner's
 * document id. The entity and its reservations are written in one Firestore transaction, which
 * reads the entity and the reservations it needs first: two writers racing for one value conflict
 * in the transaction, so one of them sees the other's reservation and fails with
 * {@link DuplicateKeyException}. Duplicates are impossible, not just unlikely. The cost: every write
 * of such an entity is a transaction (begin, read, commit) plus one small document per unique value.
 * As in MongoDB, {@code null} is a value (two entities without an email clash) unless the index is
 * {@code sparse}.
 */
public final class UniqueReservations {
    private final Firestore db;
    private final CollectionReference entities;
    private final CollectionReference reservations;
    private final List<IndexDefinition> indexes;
    private final EntityMetadata<?> meta;
    private final FirestoreErrors errors;
    private final Predicate<Map<String, Object>> expired;
    private final TransactionOptions transactions;

    public UniqueReservations(Firestore db, CollectionReference entities, EntityMetadata<?> meta, FirestoreErrors errors,
            Predicate<Map<String, Object>> expired, TransactionOptions transactions) {
        this.transactions = transactions;
        this.db = db;
        this.entities = entities;
        this.reservations = db.collection(entities.getId() + "_unique");
        this.indexes = meta.indexes().stream().filter(IndexDefinition::unique).toList();
        this.meta = meta;
        this.errors = errors;
        this.expired = expired;
    }

    /** Whether the entity has unique indexes at all. */
    public boolean active() {
        return !indexes.isEmpty();
    }

    /** Performs one write of an entity with unique indexes, transactionally. */
    public WriteOutcome write(WriteOp op, String docId, Map<String, Object> encoded, Map<String, Object> newStored) {
        DocumentReference ref = entities.document(docId);
        return errors.write("write " + meta.type().getSimpleName() + " '" + op.id() + "' to " + entities.getId(),
                () -> db.runTransaction(txn -> {
                    Map<String, Object> cur = current(txn, ref);
                    switch (op.kind()) {
                        case INSERT:
                            if (cur != null) {
                                return WriteOutcome.DUPLICATE_KEY;
                            }
                            break;
                        case REPLACE:
                            if (cur == null) {
                                return WriteOutcome.NOT_FOUND;
                            }
                            if (op.expectedVersion() != null && !op.expectedVersion().equals(version(cur))) {
                                return WriteOutcome.VERSION_CONFLICT;
                            }
                            break;
                        default:
                            break;
                    }
                    Map<String, IndexDefinition> oldKeys = keys(cur);
                    Map<String, IndexDefinition> newKeys = keys(newStored);
                    List<Map.Entry<String, IndexDefinition>> added = new ArrayList<>();
                    for (Map.Entry<String, IndexDefinition> e : newKeys.entrySet()) {
                        if (!oldKeys.containsKey(e.getKey())) {
                            added.add(e);
                        }
                    }
                    if (!added.isEmpty()) {
                        List<DocumentSnapshot> held = txn.getAll(added.stream().map(e -> reservations.document(e.getKey()))
                                .toArray(DocumentReference[]::new)).get();
                        for (int i = 0; i < held.size(); i++) {
                            DocumentSnapshot h = held.get(i);
                            if (h.exists() && !docId.equals(h.getString("owner"))) {
                                throw new DuplicateKeyException(meta.type().getSimpleName() + " '" + op.id() + "' violates unique index '"
                                        + added.get(i).getValue().name() + "': another entity ('" + h.getString("owner")
                                        + "') has the same value; nothing was written");
                            }
                        }
                    }
                    txn.set(ref, encoded);
                    for (Map.Entry<String, IndexDefinition> e : added) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("owner", docId);
                        r.put("index", e.getValue().name());
                        txn.set(reservations.document(e.getKey()), r);
                    }
                    for (String k : oldKeys.keySet()) {
                        if (!newKeys.containsKey(k)) {
                            txn.delete(reservations.document(k));
                        }
                    }
                    return WriteOutcome.WRITTEN;
                }, transactions).get());
    }

    /** Deletes an entity and its reservations, transactionally. */
    public WriteOutcome delete(String docId, @Nullable Long expectedVersion) {
        DocumentReference ref = entities.document(docId);
        return errors.write("delete '" + docId + "' from " + entities.getId(), () -> db.runTransaction(txn -> {
            Map<String, Object> cur = current(txn, ref);
            if (cur == null) {
                return WriteOutcome.NOT_FOUND;
            }
            if (expectedVersion != null && !expectedVersion.equals(version(cur))) {
                return WriteOutcome.VERSION_CONFLICT;
            }
            txn.delete(ref);
            for (String k : keys(cur).keySet()) {
                txn.delete(reservations.document(k));
            }
            return WriteOutcome.WRITTEN;
        }, transactions).get());
    }

    private @Nullable Map<String, Object> current(Transaction txn, DocumentReference ref) throws Exception {
        DocumentSnapshot snap = txn.get(ref).get();
        if (!snap.exists()) {
            return null;
        }
        Map<String, Object> stored = FirestoreQueryExecutor.storedOf(snap);
        return expired.test(stored) ? null : stored;
    }

    private @Nullable Long version(Map<String, Object> stored) {
        Object v = meta.versionProperty().map(stored::get).orElse(null);
        return v instanceof Number n ? n.longValue() : null;
    }

    /** Reservation document ids of a stored document, by index. */
    private Map<String, IndexDefinition> keys(@Nullable Map<String, Object> stored) {
        Map<String, IndexDefinition> out = new LinkedHashMap<>();
        if (stored == null) {
            return out;
        }
        for (IndexDefinition ix : indexes) {
            StringBuilder canonical = new StringBuilder(ix.name());
            boolean allAbsent = true;
            for (IndexDefinition.Field f : ix.fields()) {
                Object v = DocumentPath.get(stored, f.path());
                allAbsent &= v == null || v == DocumentPath.ABSENT;
                canonical.append('\u0000').append(canonical(v == DocumentPath.ABSENT ? null : v));
            }
            if (ix.sparse() && allAbsent) {
                continue;
            }
            out.put(ix.name() + "-" + sha256(canonical.toString()), ix);
        }
        return out;
    }

    /** One text per value, equal exactly when the stored values are equal (1 and 1.0 are one number). */
    private static String canonical(@Nullable Object v) {
        if (v == null) {
            return "n";
        }
        if (v instanceof Long l) {
            return "d:" + l;
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 9.2e18 ? "d:" + d.longValue() : "f:" + d;
        }
        if (v instanceof String s) {
            return "s:" + s;
        }
        if (v instanceof Instant i) {
            return "t:" + i.toEpochMilli();
        }
        if (v instanceof byte[] b) {
            return "x:" + Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : list) {
                sb.append(canonical(o)).append('\u0001');
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            Set<String> keys = new TreeSet<>();
            map.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                sb.append(k).append('\u0002').append(canonical(map.get(k))).append('\u0001');
            }
            return sb.append('}').toString();
        }
        return v.getClass().getSimpleName() + ":" + v;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reservation collection (for tests and cleanup). */
    public CollectionReference reservations() {
        return reservations;
    }

}
