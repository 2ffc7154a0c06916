package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.spi.AbstractRepository.WriteResult;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code saveAll} and {@code deleteAll} through {@code _bulk}, in batches. Items fail independently:
 * a 409 is a duplicate id (create; an expired holder not yet swept is replaced) or a version conflict
 * (conditional index; {@code NOT_FOUND} when the document was deleted meanwhile), other item errors are
 * translated like single writes; the rest of the batch is kept. Replaces of versioned entities first
 * read the stored documents in one {@code _mget}, check the versions, and write with
 * {@code if_seq_no}/{@code if_primary_term}. The refresh policy applies once per bulk request.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class ElasticBulkWriter {
    private final ElasticRepository<?, ?> repo;
    private final int batchSize;

    ElasticBulkWriter(ElasticRepository<?, ?> repo, int batchSize) {
        this.repo = repo;
        this.batchSize = batchSize;
    }

    List<WriteResult> write(List<WriteOp> ops) {
        return inBatches(ops, this::writeBatch);
    }

    /**
     * Writes {@code ops} in batches of {@link #batchSize} through {@code writer}, so that a failure of a whole
     * batch (a connection reset or a timeout mid-{@code _bulk}, a 429) is reported per entity rather than thrown
     * for the whole call, as the other stores do: the batches acknowledged before it keep their outcomes; every
     * entity of the failed batch gets the batch's exception ({@link dev.stratum.api.WriteOutcomeUnknownException}
     * when the request may have reached the server, {@link StoreUnavailableException} when nothing was sent); after
     * a transient failure the later batches are not sent at all, and their entities fail with a
     * {@link StoreUnavailableException} ("not attempted", a retry is safe) whose cause is the batch's exception.
     * After a non-transient failure (a refused request) the later batches are still sent.
     */
    List<WriteResult> inBatches(List<WriteOp> ops, Function<List<WriteOp>, List<WriteResult>> writer) {
        WriteResult[] results = new WriteResult[ops.size()];
        @Nullable DataAccessException notAttempted = null;
        for (int from = 0; from < ops.size(); from += batchSize) {
            int to = Math.min(ops.size(), from + batchSize);
            if (notAttempted != null) {
                Arrays.fill(results, from, to, new WriteResult(null, notAttempted));
                continue;
            }
            try {
                List<WriteResult> written = writer.apply(ops.subList(from, to));
                for (int k = 0; k < written.size(); k++) {
                    results[from + k] = written.get(k);
                }
            } catch (DataAccessException e) {
                Arrays.fill(results, from, to, new WriteResult(null, e));
                if (e.errorCode().isTransient() && to < ops.size()) {
                    notAttempted = new StoreUnavailableException("saveAll into " + repo.alias() + ": not attempted after an earlier batch ("
                            + from + ".." + (to - 1) + ") failed: " + e.getMessage(), e);
                }
            }
        }
        return Arrays.asList(results);
    }

    /** One batch (at most {@link #batchSize} ops) in one {@code _bulk}; a failure of the whole request is thrown. */
    List<WriteResult> writeBatch(List<WriteOp> ops) {
        Map<String, ElasticRepository.Stored> current = readReplaced(ops);
        WriteResult[] results = new WriteResult[ops.size()];
        List<BulkOperation> bulk = new ArrayList<>(ops.size());
        List<Integer> positions = new ArrayList<>(ops.size());
        String alias = repo.alias();
        for (int i = 0; i < ops.size(); i++) {
            WriteOp op = ops.get(i);
            String id = ElasticRepository.docId(op.id());
            Map<String, Object> source;
            try {
                source = repo.source(op);
            } catch (DataAccessException e) {
                results[i] = new WriteResult(null, e);
                continue;
            }
            switch (op.kind()) {
                case INSERT -> bulk.add(BulkOperation.of(b -> b.create(c -> c.index(alias).id(id).document(source))));
                case UPSERT -> bulk.add(BulkOperation.of(b -> b.index(c -> c.index(alias).id(id).document(source))));
                default -> {
                    ElasticRepository.Stored stored = current.get(id);
                    WriteOutcome failed = repo.check(stored, op.expectedVersion());
                    if (failed != null) {
                        results[i] = new WriteResult(failed, null);
                        continue;
                    }
                    ElasticRepository.Stored read = Objects.requireNonNull(stored, "check() passed, so the document was read");
                    bulk.add(BulkOperation.of(b -> b.index(c -> c.index(alias).id(id).document(source).ifSeqNo(read.seqNo())
                            .ifPrimaryTerm(read.primaryTerm()))));
                }
            }
            positions.add(i);
        }
        if (!bulk.isEmpty()) {
            BulkResponse r = send(bulk, repo.refresh(), "saveAll into " + alias);
            List<BulkResponseItem> items = r.items();
            for (int k = 0; k < items.size(); k++) {
                int i = positions.get(k);
                results[i] = result(ops.get(i), items.get(k));
            }
        }
        return List.of(results);
    }

    /**
     * An item's outcome, the same as the single write's: a 409 on an insert is a duplicate unless the holder has
     * expired and is not yet swept (it is then replaced, as {@code insert()} does); a 409 on a replace is a
     * version conflict unless the document was deleted meanwhile ({@code NOT_FOUND}, told by a re-read). Only
     * 409s pay these extra round trips.
     */
    WriteResult result(WriteOp op, BulkResponseItem item) {
        if (item.error() == null) {
            return new WriteResult(WriteOutcome.WRITTEN, null);
        }
        if (item.status() == 409) {
            try {
                if (op.kind() == WriteOp.Kind.INSERT) {
                    return new WriteResult(repo.insertTaken(ElasticRepository.docId(op.id()), repo.source(op)), null);
                }
                return new WriteResult(repo.read(op.id()) == null ? WriteOutcome.NOT_FOUND : WriteOutcome.VERSION_CONFLICT, null);
            } catch (DataAccessException e) {
                return new WriteResult(null, e);
            }
        }
        RuntimeException cause = new RuntimeException(ElasticErrors.describe(item.error(), item.status()));
        return new WriteResult(null, ElasticErrors.fromServer(item.status(), item.error(), cause,
                "bulk write of '" + op.id() + "' into " + repo.alias(), true));
    }

    /** Documents per {@code _bulk} request. */
    int batchSize() {
        return batchSize;
    }

    /** The stored documents of the batch's replaces, by document id (absent and expired ones left out). */
    private Map<String, ElasticRepository.Stored> readReplaced(List<WriteOp> ops) {
        return readStored(ops.stream().filter(op -> op.kind() == WriteOp.Kind.REPLACE).toList());
    }

    /** The stored documents of these ops' ids, by document id (absent and expired ones left out), in one {@code _mget}. */
    Map<String, ElasticRepository.Stored> readStored(List<WriteOp> ops) {
        List<String> ids = new ArrayList<>();
        for (WriteOp op : ops) {
            ids.add(ElasticRepository.docId(op.id()));
        }
        Map<String, ElasticRepository.Stored> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        MgetResponse<ElasticStoredSource> r = repo.connection().call("read for saveAll from " + repo.alias(),
                () -> repo.connection().client().mget(m -> m.index(repo.alias()).ids(ids), ElasticStoredSource.class));
        long now = repo.nowMillis();
        for (MultiGetResponseItem<ElasticStoredSource> item : r.docs()) {
            if (item.isResult() && item.result().found() && item.result().source() != null
                    && !ElasticDocuments.expired(item.result().source(), now)) {
                out.put(item.result().id(), new ElasticRepository.Stored(item.result().source(), item.result().seqNo(),
                        item.result().primaryTerm()));
            }
        }
        return out;
    }

    /**
     * Deletes what {@code found} streams, a batch of {@code repo.fetchSize()} at a time, each document conditionally
     * ({@link #delete}); {@code beforeDelete} (tests only) runs between reading a batch and deleting it.
     */
    long deleteFound(Stream<ElasticSearchStream.Found> found, @Nullable Consumer<List<ElasticSearchStream.Found>> beforeDelete) {
        List<ElasticSearchStream.Found> batch = new ArrayList<>();
        long deleted = 0;
        try (Stream<ElasticSearchStream.Found> s = found) {
            var it = s.iterator();
            while (it.hasNext()) {
                batch.add(it.next());
                if (batch.size() == repo.fetchSize()) {
                    if (beforeDelete != null) {
                        beforeDelete.accept(batch);
                    }
                    deleted += delete(batch, false);
                    batch.clear();
                }
            }
        }
        if (beforeDelete != null && !batch.isEmpty()) {
            beforeDelete.accept(batch);
        }
        deleted += delete(batch, deleted > 0);
        return deleted;
    }

    /**
     * Deletes these documents, each only if unchanged since it was read (its {@code if_seq_no}/{@code if_primary_term}):
     * one changed or deleted meanwhile (409/404) is left as it is. Returns how many were deleted; only those have
     * their unique values freed.
     */
    long delete(List<ElasticSearchStream.Found> found, boolean refreshAnyway) {
        if (found.isEmpty()) {
            if (refreshAnyway && repo.refresh() != Refresh.False) {
                repo.connection().call("refresh " + repo.alias(), () -> repo.connection().client().indices().refresh(r -> r.index(repo.alias())));
            }
            return 0;
        }
        List<BulkOperation> bulk = new ArrayList<>(found.size());
        for (ElasticSearchStream.Found f : found) {
            bulk.add(BulkOperation.of(b -> b.delete(d -> d.index(repo.alias()).id(f.id()).ifSeqNo(f.seqNo()).ifPrimaryTerm(f.primaryTerm()))));
        }
        BulkResponse r = send(bulk, repo.refresh(), "deleteAll from " + repo.alias());
        long n = 0;
        List<ElasticSearchStream.Found> deleted = new ArrayList<>();
        for (int k = 0; k < r.items().size(); k++) {
            BulkResponseItem item = r.items().get(k);
            if (item.error() == null && "deleted".equals(item.result())) {
                n++;
                deleted.add(found.get(k));
            }
        }
        repo.deletedAll(deleted);
        return n;
    }

    private BulkResponse send(List<BulkOperation> ops, @Nullable Refresh refresh, String what) {
        BulkRequest request = BulkRequest.of(b -> {
            b.operations(ops);
            if (refresh != null) {
                b.refresh(refresh);
            }
            return b;
        });
        return repo.connection().call(what, true, () -> repo.connection().bulkClient().bulk(request));
    }
}
