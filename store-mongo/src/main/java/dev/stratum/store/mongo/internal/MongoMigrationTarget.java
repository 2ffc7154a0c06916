package dev.stratum.store.mongo.internal;

import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.result.UpdateResult;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
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
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * The migration history and lease lock on MongoDB, in <b>one document</b> ({@code _id: "lock"}) of the
 * configured collection:
 *
 * <pre>{@code
 * { _id: "lock", owner: "host/pid/…" | null, token: NumberLong(7), expiresAt: ISODate(…) | null,
 *   history: { "v1": {version: "1", description: …, checksum: …, …}, "v1_2": {…} } }
 * }</pre>
 *
 * <p>Why one document: MongoDB makes single-document updates atomic without transactions (which a
 * standalone server does not have). Every primitive is therefore one conditional update:
 *
 * <ul>
 *   <li>{@code tryAcquire}: {@code findOneAndUpdate({_id, $or: [{owner: null}, {expiresAt: {$lte: now}}]},
 *       {$set: {owner, expiresAt}, $inc: {token: 1}}, upsert)}. The token only ever grows (release keeps
 *       it). If the lock is held, the filter does not match and the upsert's insert meets the existing
 *       {@code _id}: that E11000 is "not acquired", also when two runners race for a new lock;
 *   <li>{@code renew}/{@code release}: conditional on {@code {owner, token}};
 *   <li>{@code writeRecord}/{@code deleteRecord}: {@code $set}/{@code $unset} of {@code history.<version>}
 *       conditional on {@code {owner, token}}, so the fencing check and the write are one atomic step:
 *       a runner whose lease was taken over can never write, not even in a race with the takeover.
 * </ul>
 *
 * <p>The cost is the 16 MiB document limit: some 40,000 history records. Lease times follow this
 * JVM's clock (injectable), so runners' clocks must roughly agree, as with any lease.
 */
public final class MongoMigrationTarget implements MigrationTarget {
    private static final String LOCK_ID = "lock";
    private static final FindOneAndUpdateOptions UPSERT_AFTER = new FindOneAndUpdateOptions().upsert(true)
            .returnDocument(ReturnDocument.AFTER);
    private static final FindOneAndUpdateOptions AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final Store store;
    private final MongoConnection connection;
    private final String collection;
    private final Clock clock;

    public MongoMigrationTarget(Store store, MongoConnection connection, String collection, Clock clock) {
        this.store = store;
        this.connection = connection;
        this.collection = collection;
        this.clock = clock;
    }

    /** Majority writes and primary reads: a lock state that a failover rolled back would let two runners in. */
    private MongoCollection<Document> lock() {
        return connection.database().getCollection(collection).withWriteConcern(WriteConcern.MAJORITY)
                .withReadPreference(ReadPreference.primary());
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
        Document doc = connection.call("read the migration history from " + collection,
                () -> lock().find(new Document("_id", LOCK_ID)).projection(new Document("history", 1)).first());
        List<MigrationRecord> out = new ArrayList<>();
        Document history = doc == null ? null : doc.get("history", Document.class);
        if (history != null) {
            for (Map.Entry<String, Object> e : history.entrySet()) {
                out.add(fromDocument((Document) e.getValue()));
            }
        }
        out.sort(Comparator.comparing(MigrationRecord::version));
        return out;
    }

    @Override
    public void writeRecord(Lease lease, MigrationRecord record) {
        fenced(lease, new Document("$set", new Document("history." + key(record.version()), toDocument(record))),
                "write the record of version " + record.version());
    }

    @Override
    public void deleteRecord(Lease lease, MigrationVersion version) {
        fenced(lease, new Document("$unset", new Document("history." + key(version), "")), "delete the record of version " + version);
    }

    private void fenced(Lease lease, Document update, String what) {
        UpdateResult r = connection.call(what + " in " + collection, () -> lock().updateOne(holder(lease), update));
        if (r.getMatchedCount() == 0) {
            throw new LeaseLostException("cannot " + what + ": the migration lease of '" + lease.owner() + "' (token " + lease.token()
                    + ") is no longer the current lease of " + collection + " (taken over or released); nothing was written");
        }
    }

    @Override
    public Optional<Lease> tryAcquire(String owner, Duration leaseTime) {
        Instant now = now();
        Instant expires = now.plus(leaseTime);
        Document filter = new Document("_id", LOCK_ID).append("$or",
                List.of(new Document("owner", null), new Document("expiresAt", new Document("$lte", Date.from(now)))));
        Document update = new Document("$set", new Document("owner", owner).append("expiresAt", Date.from(expires)))
                .append("$inc", new Document("token", 1L));
        try {
            Document after = connection.call("acquire the migration lock in " + collection,
                    () -> lock().findOneAndUpdate(filter, update, UPSERT_AFTER));
            return after == null ? Optional.empty() : Optional.of(lease(after));
        } catch (DuplicateKeyException e) {
            return Optional.empty(); // held by another owner: the upsert met the existing lock document
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration leaseTime) {
        Date expires = Date.from(now().plus(leaseTime));
        Document after = connection.call("renew the migration lock in " + collection,
                () -> lock().findOneAndUpdate(holder(lease), new Document("$set", new Document("expiresAt", expires)), AFTER));
        return after == null ? Optional.empty() : Optional.of(lease(after));
    }

    @Override
    public void release(Lease lease) {
        connection.call("release the migration lock in " + collection, () -> lock().updateOne(holder(lease),
                new Document("$set", new Document("owner", null).append("expiresAt", null))));
    }

    @Override
    public Optional<Lease> currentLease() {
        Document doc = connection.call("read the migration lock from " + collection,
                () -> lock().find(new Document("_id", LOCK_ID)).projection(new Document("history", 0)).first());
        return doc == null || doc.get("owner") == null ? Optional.empty() : Optional.of(lease(doc));
    }

    /** Frees the lock and empties the history, keeping the token counter (tests and {@code repair}). */
    public void reset() {
        connection.call("reset " + collection, () -> lock().updateOne(new Document("_id", LOCK_ID),
                new Document("$set", new Document("owner", null).append("expiresAt", null).append("history", new Document()))));
    }

    private static Document holder(Lease lease) {
        return new Document("_id", LOCK_ID).append("owner", lease.owner()).append("token", lease.token());
    }

    private static Lease lease(Document d) {
        Date expires = d.getDate("expiresAt");
        return new Lease(d.getString("owner"), Objects.requireNonNull((Number) d.get("token"), "lease token").longValue(), expires == null ? Instant.EPOCH : expires.toInstant());
    }

    /** {@code 1.2} is stored under {@code v1_2}: no dots in field names, and trailing zeros already trimmed by the version. */
    private static String key(MigrationVersion v) {
        return "v" + v.toString().replace('.', '_');
    }

    private static Document toDocument(MigrationRecord r) {
        return new Document("version", r.version().toString())
                .append("description", r.description())
                .append("checksum", r.checksum())
                .append("installedBy", r.installedBy())
                .append("startedAt", Date.from(r.startedAt()))
                .append("finishedAt", r.finishedAt() == null ? null : Date.from(r.finishedAt()))
                .append("durationMillis", r.duration().toMillis())
                .append("outcome", r.outcome().name())
                .append("error", r.error())
                .append("checkpoint", r.checkpoint());
    }

    private static MigrationRecord fromDocument(Document d) {
        try {
            Date finished = d.getDate("finishedAt");
            return new MigrationRecord(MigrationVersion.parse(d.getString("version")), d.getString("description"), d.getString("checksum"),
                    d.getString("installedBy"), d.getDate("startedAt").toInstant(), finished == null ? null : finished.toInstant(),
                    Duration.ofMillis(Objects.requireNonNull((Number) d.get("durationMillis"), "durationMillis").longValue()), MigrationRecord.Outcome.valueOf(d.getString("outcome")),
                    d.getString("error"), d.getString("checkpoint"));
        } catch (RuntimeException e) {
            throw new DataAccessException(ErrorCode.MIGRATION, "a migration history record is malformed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "MongoMigrationTarget[" + collection + "]";
    }
}
