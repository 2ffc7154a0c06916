package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import dev.stratum.api.spi.AbstractRepository;
import dev.stratum.api.spi.DocumentPath;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Unique indexes, which Elasticsearch does not have, kept with <b>reservation documents</b>: before an
 * entity is written with a unique value, a document whose id is the value (entity, index name and
 * canonical value) is created in the store's reservation index with {@code op_type=create}, which
 * succeeds for exactly one writer. Its {@code owner} is the entity's id. Then the entity is written;
 * if that fails the new reservations are deleted (but not when its outcome is unknown: the entity may be
 * stored, so they are kept, and repaired below if it was not), and after a successful change of value the
 * old reservation is deleted. Deleting an entity frees its values. Null values reserve nothing.
 *
 * <p>The failure window: a process that dies between the reservation and the entity write (or between
 * the write and freeing an old value) leaves a reservation no entity holds. It is repaired when next
 * needed: a writer that meets a reservation older than {@link #GRACE_MILLIS} whose owner does not hold
 * the value (owner gone, expired or changed) deletes it (conditionally, with {@code if_seq_no}) and
 * takes the value. Younger reservations are respected, so a slow writer between its two steps is not
 * robbed.
 */
final class ElasticUniqueReservations {
    static final long GRACE_MILLIS = 30_000;

    private record Unique(String name, List<String> paths) {}

    private record Reservation(String owner, long at, long seqNo, long primaryTerm) {}

    private final ElasticRepository<?, ?> repo;
    private final ElasticsearchClient client;
    private final String index;
    private final List<Unique> uniques;
    private final String entity;

    private ElasticUniqueReservations(ElasticRepository<?, ?> repo, String index, List<Unique> uniques, String entity) {
        this.repo = repo;
        this.client = repo.connection().client();
        this.index = index;
        this.uniques = uniques;
        this.entity = entity;
    }

    static @Nullable ElasticUniqueReservations of(EntityMetadata<?> metadata, ElasticRepository<?, ?> repo, String index) {
        List<Unique> uniques = new ArrayList<>();
        for (IndexDefinition i : metadata.indexes()) {
            if (i.unique()) {
                List<String> paths = i.fields().stream().map(IndexDefinition.Field::path).toList();
                uniques.add(new Unique(i.name().isEmpty() ? String.join("+", paths) : i.name(), paths));
            }
        }
        return uniques.isEmpty() ? null : new ElasticUniqueReservations(repo, index, uniques, metadata.type().getSimpleName());
    }

    /** One write with its reservations. */
    WriteOutcome write(WriteOp op) {
        String owner = ElasticRepository.docId(op.id());
        ElasticRepository.Stored old = op.kind() == WriteOp.Kind.INSERT ? null : repo.read(op.id());
        Map<String, String> fresh = keys(op.document());
        Map<String, String> previous = old == null ? Map.of() : keys(old.source());
        List<String> reserved = new ArrayList<>();
        try {
            for (Map.Entry<String, String> k : fresh.entrySet()) {
                if (!previous.containsKey(k.getKey()) && reserve(k.getKey(), owner, k.getValue(), op.id())) {
                    reserved.add(k.getKey());
                }
            }
            WriteOutcome outcome = repo.writeDirect(op);
            if (outcome != WriteOutcome.WRITTEN) {
                release(reserved, owner);
                return outcome;
            }
        } catch (RuntimeException e) {
            // an outcome unknown (timeout or connection lost after sending): the entity may be stored, so its new
            // reservations stay, as in saveAll; if it was not, they are stale and repaired (see the class javadoc)
            if (!(e instanceof WriteOutcomeUnknownException)) {
                release(reserved, owner);
            }
            throw e;
        }
        List<String> freed = new ArrayList<>();
        for (String k : previous.keySet()) {
            if (!fresh.containsKey(k)) {
                freed.add(k);
            }
        }
        release(freed, owner);
        return WriteOutcome.WRITTEN;
    }

    /**
     * {@code saveAll} of entities with unique indexes, batched: the stored documents of the batch in one
     * {@code _mget}, every new reservation in one {@code _bulk} ({@code op_type=create}), the entities
     * in one {@code _bulk} ({@link ElasticBulkWriter}), then the reservations of failed writes and the
     * values given up are freed. An op whose reservation is taken (409: held, contended, or left behind
     * by a dead writer), or that shares an id or a new value with an earlier op of the batch, goes the
     * one-by-one way ({@link #write}) after the batch, which tells a duplicate from a stale reservation.
     */
    List<AbstractRepository.WriteResult> writeAll(List<WriteOp> ops, ElasticBulkWriter bulk) {
        AbstractRepository.WriteResult[] results = new AbstractRepository.WriteResult[ops.size()];
        Map<String, ElasticRepository.Stored> old = bulk.readStored(ops.stream().filter(o -> o.kind() != WriteOp.Kind.INSERT).toList());
        List<List<String>> freed = new ArrayList<>(ops.size());
        List<Integer> slow = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> wanted = new HashSet<>();
        List<BulkOperation> reservations = new ArrayList<>();
        List<Integer> reservationOwners = new ArrayList<>();
        long now = repo.nowMillis();
        for (int i = 0; i < ops.size(); i++) {
            WriteOp op = ops.get(i);
            String owner = ElasticRepository.docId(op.id());
            ElasticRepository.Stored stored = op.kind() == WriteOp.Kind.INSERT ? null : old.get(owner);
            Map<String, String> next = keys(op.document());
            Map<String, String> previous = stored == null ? Map.of() : keys(stored.source());
            List<String> mine = new ArrayList<>();
            for (String k : next.keySet()) {
                if (!previous.containsKey(k)) {
                    mine.add(k);
                }
            }
            List<String> given = new ArrayList<>();
            for (String k : previous.keySet()) {
                if (!next.containsKey(k)) {
                    given.add(k);
                }
            }
            freed.add(given);
            boolean clash = !ids.add(owner) || mine.stream().anyMatch(k -> !wanted.add(k));
            if (clash) {
                slow.add(i);
                continue;
            }
            for (String k : mine) {
                Map<String, Object> doc = Map.of("owner", owner, "at", now);
                reservations.add(BulkOperation.of(b -> b.create(c -> c.index(index).id(k).document(doc))));
                reservationOwners.add(i);
            }
        }
        // 1. every new value reserved in one round trip
        Map<Integer, List<String>> created = new HashMap<>();
        Set<Integer> refused = new TreeSet<>(slow);
        if (!reservations.isEmpty()) {
            BulkResponse r = repo.connection().call("reserve unique values in " + index, true,
                    () -> repo.connection().bulkClient().bulk(b -> b.operations(reservations)));
            for (int k = 0; k < r.items().size(); k++) {
                BulkResponseItem item = r.items().get(k);
                int i = reservationOwners.get(k);
                if (item.error() == null) {
                    created.computeIfAbsent(i, x -> new ArrayList<>()).add(item.id());
                } else {
                    refused.add(i);
                }
            }
        }
        // ops with a refused reservation go one by one: give back what they got first
        for (int i : refused) {
            if (created.containsKey(i)) {
                release(created.remove(i), ElasticRepository.docId(ops.get(i).id()));
            }
        }
        // 2. the entities in one round trip
        List<Integer> fast = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (!refused.contains(i)) {
                fast.add(i);
            }
        }
        List<AbstractRepository.WriteResult> written;
        try {
            written = bulk.writeBatch(fast.stream().map(ops::get).toList());
        } catch (RuntimeException e) {
            // the whole batch failed (thrown to ElasticBulkWriter.inBatches, which reports it per entity); when the request
            // may have reached the server its entities may be stored: their reservations stay (a retry by the same
            // entity takes its own reservation back; one whose entity never arrived is repaired as a stale one)
            if (!(e instanceof WriteOutcomeUnknownException)) {
                created.forEach((i, keys) -> release(keys, ElasticRepository.docId(ops.get(i).id())));
            }
            throw e;
        }
        // 3. free the reservations of failed writes and the values given up by the written ones
        for (int k = 0; k < fast.size(); k++) {
            int i = fast.get(k);
            results[i] = written.get(k);
            String owner = ElasticRepository.docId(ops.get(i).id());
            if (written.get(k).outcome() == WriteOutcome.WRITTEN) {
                release(freed.get(i), owner);
            } else {
                release(created.getOrDefault(i, List.of()), owner);
            }
        }
        // 4. the rest, one by one, in their order
        for (int i : refused) {
            try {
                results[i] = new AbstractRepository.WriteResult(write(ops.get(i)), null);
            } catch (DataAccessException e) {
                results[i] = new AbstractRepository.WriteResult(null, e);
            }
        }
        return List.of(results);
    }

    /** Frees the values an entity held (after it was deleted). */
    void released(@Nullable Object id, Map<String, Object> source) {
        if (id != null) {
            release(new ArrayList<>(keys(source).keySet()), ElasticRepository.docId(id));
        }
    }

    /** Reservation ids of a document's unique values, mapped to the index name (for messages). */
    private Map<String, String> keys(Map<String, Object> document) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Unique u : uniques) {
            String k = keyOf(u, document);
            if (k != null) {
                out.put(k, u.name());
            }
        }
        return out;
    }

    /** The reservation id of a document's value of one unique index, or null when a field is null or absent. */
    private @Nullable String keyOf(Unique u, Map<String, Object> document) {
        List<Object> values = new ArrayList<>(u.paths().size());
        for (String p : u.paths()) {
            Object v = DocumentPath.get(document, p);
            if (v == null || v == DocumentPath.ABSENT) {
                return null;
            }
            values.add(v);
        }
        return key(u.name(), repo.documentsCanonical(values));
    }

    /**
     * Enforces the unique indexes over the documents stored before they were declared (run when the repository
     * opens): unless the index's marker document says it was done, every live document's value is reserved for it
     * ({@code op_type=create} in {@code _bulk} batches over one point in time; a reservation the document already
     * holds is fine, so two instances opening at once, or a second run after a failed one, do no harm), then the
     * marker is created. Two documents holding one value refuse the open with a {@link DuplicateKeyException}
     * naming the index, its fields and both ids, as a database refuses to build a unique index over duplicates;
     * the reservations made so far stay (each is held by its document) and the next open runs the back-fill again.
     */
    void backfill() {
        // an index another instance has just created may still have its primary shard starting: a read then gets a 503
        // (illegal_index_shard_state_exception, seen with two stores opening at once); the back-fill is idempotent, so
        // it is run again, for at most ~10 s; other failures (and a server that does not answer) are thrown at once
        for (int attempt = 1; ; attempt++) {
            try {
                backfillOnce();
                return;
            } catch (StoreUnavailableException e) {
                if (attempt == 40 || ElasticErrors.status(e) != 503) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void backfillOnce() {
        for (Unique u : uniques) {
            String marker = repo.alias() + "|" + u.name() + "|#backfilled";
            if (read(marker) != null) {
                continue;
            }
            List<ElasticSearchStream.Found> batch = new ArrayList<>();
            try (var docs = repo.scanLive()) {
                var it = docs.iterator();
                while (it.hasNext()) {
                    batch.add(it.next());
                    if (batch.size() == 500) {
                        backfill(u, batch);
                        batch.clear();
                    }
                }
            }
            backfill(u, batch);
            Map<String, Object> doc = Map.of("owner", "#backfilled", "at", repo.nowMillis());
            repo.connection().call("mark the unique index '" + u.name() + "' of " + repo.alias() + " back-filled", true, () -> {
                try {
                    client.index(i -> i.index(index).id(marker).document(doc).opType(OpType.Create));
                } catch (Exception e) {
                    if (ElasticErrors.status(e) != 409) { // another instance marked it first
                        throw e;
                    }
                }
                return null;
            });
        }
    }

    private void backfill(Unique u, List<ElasticSearchStream.Found> docs) {
        List<BulkOperation> ops = new ArrayList<>();
        List<String[]> wanted = new ArrayList<>(); // {key, owner}
        long now = repo.nowMillis();
        for (ElasticSearchStream.Found f : docs) {
            String k = keyOf(u, f.source());
            if (k != null) {
                Map<String, Object> doc = Map.of("owner", f.id(), "at", now);
                ops.add(BulkOperation.of(b -> b.create(c -> c.index(index).id(k).document(doc))));
                wanted.add(new String[] {k, f.id()});
            }
        }
        if (ops.isEmpty()) {
            return;
        }
        BulkResponse r = repo.connection().call("back-fill unique reservations in " + index, true,
                () -> repo.connection().bulkClient().bulk(b -> b.operations(ops)));
        for (int i = 0; i < r.items().size(); i++) {
            BulkResponseItem item = r.items().get(i);
            var error = item.error();
            if (error == null) {
                continue;
            }
            if (item.status() != 409) {
                throw ElasticErrors.fromServer(item.status(), error, new RuntimeException(ElasticErrors.describe(error, item.status())),
                        "back-fill unique reservations in " + index, true);
            }
            String key = wanted.get(i)[0];
            String owner = wanted.get(i)[1];
            for (int attempt = 0; ; attempt++) {
                Reservation held = read(key);
                if (held == null || held.owner().equals(owner)) {
                    if (held != null || reserveQuietly(key, owner)) {
                        break;
                    }
                } else if (repo.nowMillis() - held.at() < GRACE_MILLIS || holds(held.owner(), key)) {
                    String value = key.substring((repo.alias() + "|" + u.name() + "|").length());
                    throw new DuplicateKeyException(entity + ": cannot enforce the unique index '" + u.name() + "' " + u.paths() + " over the "
                            + "documents already in " + repo.alias() + ": '" + held.owner() + "' and '" + owner + "' both hold the value "
                            + value + "; make the values unique, then open the repository again");
                } else {
                    delete(key, held); // stale (its owner no longer holds the value): repaired
                }
                if (attempt == 3) {
                    throw new DuplicateKeyException(entity + ": the value of the unique index '" + u.name() + "' of '" + owner + "' in "
                            + repo.alias() + " is contended while back-filling its reservations; open the repository again");
                }
            }
        }
    }

    /** Creates a reservation; false on a 409. */
    private boolean reserveQuietly(String key, String owner) {
        return reserveQuietly(key, owner, repo.nowMillis());
    }

    /** Creates a reservation stamped {@code at}; false on a 409. */
    private boolean reserveQuietly(String key, String owner, long at) {
        Map<String, Object> doc = Map.of("owner", owner, "at", at);
        return repo.connection().call("reserve a unique value in " + index, true, () -> {
            try {
                client.index(i -> i.index(index).id(key).document(doc).opType(OpType.Create));
                return true;
            } catch (Exception e) {
                if (ElasticErrors.status(e) == 409) {
                    return false;
                }
                throw e;
            }
        });
    }

    private String key(String name, String canonical) {
        String k = repo.alias() + "|" + name + "|" + canonical;
        if (k.getBytes(StandardCharsets.UTF_8).length <= 500) {
            return k;
        }
        return repo.alias() + "|" + name + "|sha256:" + ElasticDocuments.sha256(k);
    }

    /** Creates the reservation; false if this owner already held it. @throws DuplicateKeyException if another owner does */
    private boolean reserve(String key, String owner, String indexName, Object id) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long now = repo.nowMillis();
            if (reserveQuietly(key, owner, now)) {
                return true;
            }
            Reservation r = read(key);
            if (r == null) {
                continue;
            }
            if (r.owner().equals(owner)) {
                return false;
            }
            if (now - r.at() < GRACE_MILLIS || holds(r.owner(), key)) {
                throw new DuplicateKeyException(entity + " '" + id + "' cannot take its value of the unique index '" + indexName
                        + "' in " + repo.alias() + ": '" + r.owner() + "' holds it; nothing was written");
            }
            delete(key, r);
        }
        throw new DuplicateKeyException(entity + " '" + id + "': the value of the unique index '" + indexName + "' in " + repo.alias()
                + " is contended; nothing was written");
    }

    /** Whether the entity {@code owner} still holds the value of reservation {@code key}. */
    private boolean holds(String owner, String key) {
        ElasticRepository.Stored s = repo.read(owner);
        return s != null && keys(s.source()).containsKey(key);
    }

    private void release(List<String> keys, String owner) {
        for (String k : keys) {
            try {
                Reservation r = read(k);
                if (r != null && r.owner().equals(owner)) {
                    delete(k, r);
                }
            } catch (RuntimeException e) {
                // left behind: repaired by the next writer of this value (see the class javadoc)
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private @Nullable Reservation read(String key) {
        GetResponse<Map> r = repo.connection().call("read a unique reservation in " + index,
                () -> client.get(g -> g.index(index).id(key), Map.class));
        if (!r.found() || r.source() == null) {
            return null;
        }
        Map<String, Object> s = r.source();
        return new Reservation(String.valueOf(s.get("owner")), s.get("at") instanceof Number n ? n.longValue() : 0, r.seqNo(),
                r.primaryTerm());
    }

    private void delete(String key, Reservation r) {
        repo.connection().call("free a unique reservation in " + index, true, () -> {
            try {
                client.delete(d -> d.index(index).id(key).ifSeqNo(r.seqNo()).ifPrimaryTerm(r.primaryTerm()));
            } catch (Exception e) {
                if (ElasticErrors.status(e) != 409 && ElasticErrors.status(e) != 404) {
                    throw e;
                }
            }
            return null;
        });
    }
}
