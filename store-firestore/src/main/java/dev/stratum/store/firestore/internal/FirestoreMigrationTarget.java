package dev.stratum.store.firestore.internal;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.Transaction;
import com.google.cloud.firestore.TransactionOptions;
import com.google.cloud.firestore.WriteBatch;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.Store;
import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The migration history and lease lock on Firestore: a lock document {@code <collection>/lock}
 * ({@code owner}, {@code token}, {@code expiresAt}) and one history document per version in its
 * sub-collection {@code history}. Every primitive is one Firestore transaction that reads the lock
 * document and writes only if the lease rule holds, so the fencing check and the write are atomic:
 * a runner whose lease was taken over cannot write, not even in a race with the takeover (the
 * transaction that read the old lock conflicts with the takeover's and is retried, then refused).
 * The token only grows (release keeps it).
 */
public final class FirestoreMigrationTarget implements MigrationTarget {
    private static final String LOCK_ID = "lock";

    private final Store store;
    private final Firestore db;
    private final CollectionReference collection;
    private final FirestoreErrors errors;
    private final Clock clock;
    private final TransactionOptions transactions;

    public FirestoreMigrationTarget(Store store, Firestore db, String collection, FirestoreErrors errors, Clock clock,
            TransactionOptions transactions) {
        this.transactions = transactions;
        this.store = store;
        this.db = db;
        this.collection = db.collection(collection);
        this.errors = errors;
        this.clock = clock;
    }

    private DocumentReference lock() {
        return collection.document(LOCK_ID);
    }

    private CollectionReference historyCollection() {
        return lock().collection("history");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public List<MigrationRecord> history() {
        List<QueryDocumentSnapshot> docs = errors.call("read the migration history from " + collection.getId(),
                () -> historyCollection().get().get().getDocuments());
        List<MigrationRecord> out = new ArrayList<>();
        for (QueryDocumentSnapshot d : docs) {
            out.add(fromDocument(d));
        }
        out.sort(Comparator.comparing(MigrationRecord::version));
        return out;
    }

    @Override
    public void writeRecord(Lease lease, MigrationRecord record) {
        fenced(lease, "write the record of version " + record.version(), txn -> txn.set(historyCollection().document(key(record.version())),
                toDocument(record)));
    }

    @Override
    public void deleteRecord(Lease lease, MigrationVersion version) {
        fenced(lease, "delete the record of version " + version, txn -> txn.delete(historyCollection().document(key(version))));
    }

    private void fenced(Lease lease, String what, Consumer<Transaction> write) {
        boolean held = errors.call(what + " in " + collection.getId(), () -> db.runTransaction(txn -> {
            DocumentSnapshot snap = txn.get(lock()).get();
            if (!holds(snap, lease)) {
                return false;
            }
            write.accept(txn);
            return true;
        }, transactions).get());
        if (!held) {
            throw new LeaseLostException("cannot " + what + ": the migration lease of '" + lease.owner() + "' (token " + lease.token()
                    + ") is no longer the current lease of " + collection.getId() + " (taken over or released); nothing was written");
        }
    }

    private static boolean holds(DocumentSnapshot snap, Lease lease) {
        return snap.exists() && lease.owner().equals(snap.getString("owner")) && snap.getLong("token") != null
                && snap.getLong("token") == lease.token();
    }

    @Override
    public Optional<Lease> tryAcquire(String owner, Duration leaseTime) {
        return errors.call("acquire the migration lock in " + collection.getId(), () -> db.runTransaction(txn -> {
            DocumentSnapshot snap = txn.get(lock()).get();
            Instant now = now();
            if (snap.exists() && snap.getString("owner") != null) {
                Timestamp expires = snap.getTimestamp("expiresAt");
                if (expires != null && FirestoreValues.instant(expires).isAfter(now)) {
                    return Optional.<Lease>empty();
                }
            }
            Long previous = snap.exists() ? snap.getLong("token") : null;
            long token = (previous == null ? 0 : previous) + 1;
            Instant expiresAt = now.plus(leaseTime).truncatedTo(ChronoUnit.MILLIS);
            txn.set(lock(), lockDocument(owner, token, expiresAt));
            return Optional.of(new Lease(owner, token, expiresAt));
        }, transactions).get());
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration leaseTime) {
        return errors.call("renew the migration lock in " + collection.getId(), () -> db.runTransaction(txn -> {
            DocumentSnapshot snap = txn.get(lock()).get();
            if (!holds(snap, lease)) {
                return Optional.<Lease>empty();
            }
            Instant expiresAt = now().plus(leaseTime).truncatedTo(ChronoUnit.MILLIS);
            txn.set(lock(), lockDocument(lease.owner(), lease.token(), expiresAt));
            return Optional.of(new Lease(lease.owner(), lease.token(), expiresAt));
        }, transactions).get());
    }

    @Override
    public void release(Lease lease) {
        errors.call("release the migration lock in " + collection.getId(), () -> db.runTransaction(txn -> {
            DocumentSnapshot snap = txn.get(lock()).get();
            if (holds(snap, lease)) {
                txn.set(lock(), lockDocument(null, lease.token(), null));
            }
            return null;
        }, transactions).get());
    }

    @Override
    public Optional<Lease> currentLease() {
        DocumentSnapshot snap = errors.call("read the migration lock from " + collection.getId(), () -> lock().get().get());
        if (!snap.exists() || snap.getString("owner") == null) {
            return Optional.empty();
        }
        Timestamp expires = snap.getTimestamp("expiresAt");
        Long token = snap.getLong("token");
        return Optional.of(new Lease(snap.getString("owner"), token == null ? 0 : token,
                expires == null ? Instant.EPOCH : FirestoreValues.instant(expires)));
    }

    /** Frees the lock and empties the history, keeping the token counter (tests and {@code repair}). */
    public void reset() {
        errors.call("reset " + collection.getId(), () -> {
            List<QueryDocumentSnapshot> docs = historyCollection().get().get().getDocuments();
            WriteBatch batch = db.batch();
            docs.forEach(d -> batch.delete(d.getReference()));
            DocumentSnapshot snap = lock().get().get();
            Long token = snap.exists() ? snap.getLong("token") : null;
            batch.set(lock(), lockDocument(null, token == null ? 0 : token, null));
            return batch.commit().get();
        });
    }

    private static Map<String, Object> lockDocument(@org.jspecify.annotations.Nullable String owner, long token,
            @org.jspecify.annotations.Nullable Instant expiresAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("owner", owner);
        d.put("token", token);
        d.put("expiresAt", expiresAt == null ? null : FirestoreValues.timestamp(expiresAt));
        return d;
    }

    /** {@code 1.2} is stored as {@code v1_2}: readable ids, no dots. */
    private static String key(MigrationVersion v) {
        return "v" + v.toString().replace('.', '_');
    }

    private static Map<String, Object> toDocument(MigrationRecord r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", r.version().toString());
        d.put("description", r.description());
        d.put("checksum", r.checksum());
        d.put("installedBy", r.installedBy());
        d.put("startedAt", FirestoreValues.timestamp(r.startedAt()));
        d.put("finishedAt", r.finishedAt() == null ? null : FirestoreValues.timestamp(r.finishedAt()));
        d.put("durationMillis", r.duration().toMillis());
        d.put("outcome", r.outcome().name());
        d.put("error", r.error());
        d.put("checkpoint", r.checkpoint());
        return d;
    }

    private static MigrationRecord fromDocument(DocumentSnapshot d) {
        try {
            Timestamp finished = d.getTimestamp("finishedAt");
            return new MigrationRecord(MigrationVersion.parse(d.getString("version")), d.getString("description"), d.getString("checksum"),
                    d.getString("installedBy"), FirestoreValues.instant(d.getTimestamp("startedAt")),
                    finished == null ? null : FirestoreValues.instant(finished), Duration.ofMillis(d.getLong("durationMillis")),
                    MigrationRecord.Outcome.valueOf(d.getString("outcome")), d.getString("error"), d.getString("checkpoint"));
        } catch (RuntimeException e) {
            throw new DataAccessException(ErrorCode.MIGRATION, "a migration history record is malformed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "FirestoreMigrationTarget[" + collection.getId() + "]";
    }
}
