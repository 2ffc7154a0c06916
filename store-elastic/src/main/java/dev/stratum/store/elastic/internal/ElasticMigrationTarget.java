package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.Store;
import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.spi.MigrationRecordMaps;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The migration history and lease lock on Elasticsearch, in <b>one document</b> ({@code _id: lock}) of
 * the system index (default {@code <prefix>stratum_migrations}, mapping {@code dynamic: false}: stored,
 * not indexed):
 *
 * <pre>{@code
 * { owner: "host/pid/…" | null, token: 7, expiresAt: 1767225600000 | null,
 *   history: { "v1": {version: "1", description: …, checksum: …, …}, "v1_2": {…} } }
 * }</pre>
 *
 * <p>Every primitive is a compare-and-set: read the document in real time (with its
 * {@code _seq_no}/{@code _primary_term}), decide, and write it back with {@code if_seq_no}/
 * {@code if_primary_term} (or {@code op_type=create} for the first lock). A 409 means another runner
 * wrote in between: read again and decide again. So the fencing check and the history write are one
 * atomic step: a runner whose lease was taken over can never write. The token only grows.
 */
public final class ElasticMigrationTarget implements MigrationTarget {
    private static final String LOCK_ID = "lock";
    private static final int MAX_ATTEMPTS = 50;

    private final Store store;
    private final ElasticConnection connection;
    private final ElasticsearchClient client;
    private final String index;
    private final Clock clock;
    private volatile boolean ready;

    public ElasticMigrationTarget(Store store, ElasticConnection connection, String index, Clock clock) {
        this.store = store;
        this.connection = connection;
        this.client = connection.client();
        this.index = index;
        this.clock = clock;
    }

    private record Lock(Map<String, Object> source, long seqNo, long primaryTerm) {}

    private void ensureIndex() {
        if (ready) {
            return;
        }
        connection.call("create the migration index " + index, () -> {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                try {
                    client.indices().create(c -> c.index(index).mappings(m -> m.dynamic(co.elastic.clients.elasticsearch._types.mapping
                            .DynamicMapping.False)));
                } catch (ElasticsearchException e) {
                    if (!"resource_already_exists_exception".equals(e.error().type())) {
                        throw e;
                    }
                }
            }
            return null;
        });
        ready = true;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private @Nullable Lock read() {
        ensureIndex();
        GetResponse<Map> r = connection.call("read the migration lock from " + index, () -> client.get(g -> g.index(index).id(LOCK_ID), Map.class));
        return r.found() && r.source() != null ? new Lock(r.source(), r.seqNo(), r.primaryTerm()) : null;
    }

    /** Writes {@code source} if the lock is still {@code expected} (absent when null); false on a 409. */
    private boolean write(@Nullable Lock expected, Map<String, Object> source, String what) {
        return connection.call(what + " in " + index, true, () -> {
            try {
                client.index(i -> {
                    i.index(index).id(LOCK_ID).document(source).refresh(Refresh.False);
                    if (expected == null) {
                        i.opType(OpType.Create);
                    } else {
                        i.ifSeqNo(expected.seqNo()).ifPrimaryTerm(expected.primaryTerm());
                    }
                    return i;
                });
                return true;
            } catch (Exception e) {
                if (ElasticErrors.status(e) == 409) {
                    return false;
                }
                throw e;
            }
        });
    }

    private long now() {
        return clock.millis();
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public List<MigrationRecord> history() {
        Lock l = read();
        List<MigrationRecord> out = new ArrayList<>();
        if (l != null && l.source().get("history") instanceof Map<?, ?> h) {
            for (Object r : h.values()) {
                out.add(fromMap(r));
            }
        }
        out.sort(Comparator.comparing(MigrationRecord::version));
        return out;
    }

    @Override
    public void writeRecord(Lease lease, MigrationRecord record) {
        fenced(lease, "write the record of version " + record.version(), h -> {
            h.put(key(record.version()), MigrationRecordMaps.toMap(record));
            return h;
        });
    }

    @Override
    public void deleteRecord(Lease lease, MigrationVersion version) {
        fenced(lease, "delete the record of version " + version, h -> {
            h.remove(key(version));
            return h;
        });
    }

    @SuppressWarnings("unchecked")
    private void fenced(Lease lease, String what, UnaryOperator<Map<String, Object>> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Lock l = read();
            if (l == null || !holds(l, lease)) {
                throw new LeaseLostException("cannot " + what + ": the migration lease of '" + lease.owner() + "' (token " + lease.token()
                        + ") is no longer the current lease of " + index + " (taken over or released); nothing was written");
            }
            Map<String, Object> source = new LinkedHashMap<>(l.source());
            Map<String, Object> history = source.get("history") instanceof Map<?, ?> h ? new LinkedHashMap<>((Map<String, Object>) h)
                    : new LinkedHashMap<>();
            source.put("history", change.apply(history));
            if (write(l, source, what)) {
                return;
            }
        }
        throw new DataAccessException(ErrorCode.MIGRATION, "cannot " + what + " in " + index + ": the lock document keeps changing");
    }

    private static boolean holds(@Nullable Lock l, Lease lease) {
        return l != null && lease.owner().equals(l.source().get("owner")) && l.source().get("token") instanceof Number t
                && t.longValue() == lease.token();
    }

    @Override
    public Optional<Lease> tryAcquire(String owner, Duration leaseTime) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Lock l = read();
            long now = now();
            if (l != null && l.source().get("owner") != null && l.source().get("expiresAt") instanceof Number e && e.longValue() > now) {
                return Optional.empty();
            }
            Map<String, Object> source = l == null ? new LinkedHashMap<>() : new LinkedHashMap<>(l.source());
            long token = (source.get("token") instanceof Number t ? t.longValue() : 0) + 1;
            long expires = now + leaseTime.toMillis();
            source.put("owner", owner);
            source.put("token", token);
            source.put("expiresAt", expires);
            source.putIfAbsent("history", new LinkedHashMap<>());
            if (write(l, source, "acquire the migration lock")) {
                return Optional.of(new Lease(owner, token, Instant.ofEpochMilli(expires)));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration leaseTime) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Lock l = read();
            if (l == null || !holds(l, lease)) {
                return Optional.empty();
            }
            long expires = now() + leaseTime.toMillis();
            Map<String, Object> source = new LinkedHashMap<>(l.source());
            source.put("expiresAt", expires);
            if (write(l, source, "renew the migration lock")) {
                return Optional.of(new Lease(lease.owner(), lease.token(), Instant.ofEpochMilli(expires)));
            }
        }
        return Optional.empty();
    }

    @Override
    public void release(Lease lease) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Lock l = read();
            if (l == null || !holds(l, lease)) {
                return;
            }
            Map<String, Object> source = new LinkedHashMap<>(l.source());
            source.put("owner", null);
            source.put("expiresAt", null);
            if (write(l, source, "release the migration lock")) {
                return;
            }
        }
    }

    @Override
    public Optional<Lease> currentLease() {
        Lock l = read();
        if (l == null || l.source().get("owner") == null) {
            return Optional.empty();
        }
        Object e = l.source().get("expiresAt");
        Number token = Objects.requireNonNull((Number) l.source().get("token"), "the lock document of " + index + " holds no token");
        return Optional.of(new Lease(String.valueOf(l.source().get("owner")), token.longValue(),
                e instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : Instant.EPOCH));
    }

    /** Frees the lock and empties the history, keeping the token counter (tests and {@code repair}). */
    public void reset() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Lock l = read();
            if (l == null) {
                return;
            }
            Map<String, Object> source = new LinkedHashMap<>(l.source());
            source.put("owner", null);
            source.put("expiresAt", null);
            source.put("history", new LinkedHashMap<>());
            if (write(l, source, "reset the migration lock")) {
                return;
            }
        }
    }

    private static String key(MigrationVersion v) {
        return "v" + v.toString().replace('.', '_');
    }

    private static MigrationRecord fromMap(Object record) {
        try {
            if (!(record instanceof Map<?, ?> d)) {
                throw new IllegalArgumentException("not an object: " + record);
            }
            return MigrationRecordMaps.fromMap(d);
        } catch (RuntimeException e) {
            throw new DataAccessException(ErrorCode.MIGRATION, "a migration history record is malformed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "ElasticMigrationTarget[" + index + "]";
    }
}
