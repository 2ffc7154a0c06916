package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.Result;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import dev.stratum.store.elastic.internal.ElasticRepository.Stored;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The single-document reads and writes of one {@link ElasticRepository}: real-time {@code GET}, inserts as
 * {@code op_type=create}, replaces checked on the read document and written with
 * {@code if_seq_no}/{@code if_primary_term} (or directly with the sequence number remembered from the last read or
 * write of that version, falling back to read-check-write on a 409), deletes likewise. Unique-index bookkeeping
 * stays with the repository ({@link ElasticUniqueReservations} wraps these writes); {@code saveAll} is
 * {@link ElasticBulkWriter}'s.
 */
final class ElasticSingleWriter {
    private static final int SEEN_LIMIT = 10_000;
    private final ElasticConnection connection;
    private final ElasticsearchClient client;
    private final String alias;
    private final ElasticDocuments documents;
    private final Refresh refresh;
    private final @Nullable String versionField;
    private final Clock clock;
    private final Map<String, Seen> sequenceNumbers = new ConcurrentHashMap<>();
    private final String whatWrite;
    private final String whatRead;
    private final String whatDelete;

    ElasticSingleWriter(ElasticConnection connection, String alias, ElasticDocuments documents, Refresh refresh, @Nullable String versionField,
            Clock clock) {
        this.connection = connection;
        this.client = connection.client();
        this.alias = alias;
        this.documents = documents;
        this.refresh = refresh;
        this.versionField = versionField;
        this.clock = clock;
        this.whatWrite = "write into " + alias;
        this.whatRead = "read from " + alias;
        this.whatDelete = "delete from " + alias;
    }

    /** The stored {@code _source} (sidecar included) with its sequence number and term, or null (absent or expired). */
    @Nullable Stored read(Object id) {
        String docId = ElasticRepository.docId(id);
        GetResponse<ElasticStoredSource> r = connection.call(whatRead, () -> client.get(g -> g.index(alias).id(docId), ElasticStoredSource.class));
        if (!r.found() || r.source() == null) {
            return null;
        }
        Map<String, Object> source = r.source();
        if (documents.hasTtl() && ElasticDocuments.expired(source, clock.millis())) {
            return null;
        }
        remember(docId, source, r.seqNo(), r.primaryTerm());
        return new Stored(source, r.seqNo(), r.primaryTerm());
    }

    /** The outcome of a versioned check against a stored document, or null when the write may go ahead. */
    @Nullable WriteOutcome check(@Nullable Stored current, @Nullable Long expectedVersion) {
        if (current == null) {
            return WriteOutcome.NOT_FOUND;
        }
        if (expectedVersion != null && versionField != null) {
            Object v = current.source().get(versionField);
            if (!(v instanceof Number n) || n.longValue() != expectedVersion) {
                return WriteOutcome.VERSION_CONFLICT;
            }
        }
        return null;
    }

    /** One write of {@code source} (the op's document as stored) without unique-index bookkeeping. */
    WriteOutcome write(WriteOp op, Map<String, Object> source) {
        String id = ElasticRepository.docId(op.id());
        switch (op.kind()) {
            case INSERT: {
                if (index(id, source, true, null)) {
                    return WriteOutcome.WRITTEN;
                }
                return insertTaken(id, source);
            }
            case UPSERT:
                index(id, source, false, null);
                return WriteOutcome.WRITTEN;
            default: {
                Long expected = op.expectedVersion();
                // the remembered sequence number says nothing about expiry: an entity with a TTL always reads first, so
                // that one expired but not yet swept is absent (NOT_FOUND) rather than brought back by the write
                Seen seen = expected == null || documents.hasTtl() ? null : sequenceNumbers.get(id);
                if (seen != null && expected != null && seen.version() == expected && index(id, source, false, seen.seqNo(), seen.primaryTerm())) {
                    return WriteOutcome.WRITTEN;
                }
                Stored current = read(op.id());
                WriteOutcome failed = check(current, op.expectedVersion());
                if (failed != null) {
                    return failed;
                }
                if (index(id, source, false, current)) {
                    return WriteOutcome.WRITTEN;
                }
                return read(op.id()) == null ? WriteOutcome.NOT_FOUND : WriteOutcome.VERSION_CONFLICT;
            }
        }
    }

    /**
     * An insert whose {@code op_type=create} met a document with its id: a duplicate, unless that document has
     * expired and is not yet swept; it is then replaced, conditionally on its sequence number (a concurrent
     * writer that revived or replaced it first makes this a duplicate). {@code saveAll} decides the same way.
     */
    WriteOutcome insertTaken(String id, Map<String, Object> source) {
        Stored current = documents.hasTtl() ? rawRead(id) : null;
        if (current != null && ElasticDocuments.expired(current.source(), clock.millis())) {
            return index(id, source, false, current) ? WriteOutcome.WRITTEN : WriteOutcome.DUPLICATE_KEY;
        }
        return WriteOutcome.DUPLICATE_KEY;
    }

    private @Nullable Stored rawRead(String id) {
        GetResponse<ElasticStoredSource> r = connection.call(whatRead, () -> client.get(g -> g.index(alias).id(id), ElasticStoredSource.class));
        return r.found() && r.source() != null ? new Stored(r.source(), r.seqNo(), r.primaryTerm()) : null;
    }

    /** Indexes a document; false on a 409 (taken for a create, changed since {@code ifMatch} otherwise). */
    private boolean index(String id, Map<String, Object> source, boolean create, @Nullable Stored ifMatch) {
        return index(id, source, create, ifMatch == null ? null : ifMatch.seqNo(), ifMatch == null ? 0 : ifMatch.primaryTerm());
    }

    /** Indexes a document; false on a 409. Remembers the written version's sequence number for the next replace. */
    private boolean index(String id, Map<String, Object> source, boolean create, @Nullable Long ifSeqNo, long ifPrimaryTerm) {
        try {
            IndexResponse r = client.index(i -> {
                i.index(alias).id(id).document(source).refresh(refresh);
                if (create) {
                    i.opType(OpType.Create);
                }
                if (ifSeqNo != null) {
                    i.ifSeqNo(ifSeqNo).ifPrimaryTerm(ifPrimaryTerm);
                }
                return i;
            });
            remember(id, source, r.seqNo(), r.primaryTerm());
            return true;
        } catch (Exception e) {
            if (ElasticErrors.status(e) == 409) {
                sequenceNumbers.remove(id);
                return false;
            }
            throw ElasticErrors.translate(e, whatWrite, true);
        }
    }

    /**
     * The last sequence number seen per document of a versioned entity, with the version it held: a
     * replace expecting that version writes with it directly ({@code if_seq_no}), saving the read. A 409
     * then falls back to read-check-write, so the outcome is exactly that of the slow path.
     */
    private record Seen(long version, long seqNo, long primaryTerm) {}

    private void remember(String id, Map<String, Object> source, @Nullable Long seqNo, @Nullable Long primaryTerm) {
        if (versionField == null || seqNo == null || primaryTerm == null || !(source.get(versionField) instanceof Number v)) {
            return;
        }
        if (sequenceNumbers.size() >= SEEN_LIMIT) {
            sequenceNumbers.clear();
        }
        sequenceNumbers.put(id, new Seen(v.longValue(), seqNo, primaryTerm));
    }

    /**
     * Deletes one document: {@code unconditional} (no version expected, nothing to release, no expiry) with one plain
     * delete; otherwise read, checked and deleted with {@code if_seq_no}/{@code if_primary_term}, {@code released}
     * then given the deleted document's source (to free its unique values).
     */
    WriteOutcome delete(Object id, @Nullable Long expectedVersion, boolean unconditional, @Nullable Consumer<Map<String, Object>> released) {
        if (unconditional) {
            Result r = connection.call(whatDelete, true, () -> {
                try {
                    return client.delete(d -> d.index(alias).id(ElasticRepository.docId(id)).refresh(refresh)).result();
                } catch (Exception e) {
                    if (ElasticErrors.status(e) == 404) {
                        return Result.NotFound;
                    }
                    throw e;
                }
            });
            return r == Result.Deleted ? WriteOutcome.WRITTEN : WriteOutcome.NOT_FOUND;
        }
        Stored current = read(id);
        WriteOutcome failed = check(current, expectedVersion);
        if (failed != null || current == null) { // check() fails an absent document: current is then null only with failed set
            return failed == null ? WriteOutcome.NOT_FOUND : failed;
        }
        boolean deleted = connection.call(whatDelete, true, () -> {
            try {
                client.delete(d -> d.index(alias).id(ElasticRepository.docId(id)).ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()).refresh(refresh));
                return true;
            } catch (Exception e) {
                if (ElasticErrors.status(e) == 409 || ElasticErrors.status(e) == 404) {
                    return false;
                }
                throw e;
            }
        });
        if (!deleted) {
            return read(id) == null ? WriteOutcome.NOT_FOUND : WriteOutcome.VERSION_CONFLICT;
        }
        if (released != null) {
            released.accept(current.source());
        }
        return WriteOutcome.WRITTEN;
    }
}
