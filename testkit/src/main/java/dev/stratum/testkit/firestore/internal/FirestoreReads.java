package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.AggregationResult;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentMask;
import com.google.firestore.v1.GetDocumentRequest;
import com.google.firestore.v1.ListCollectionIdsRequest;
import com.google.firestore.v1.ListCollectionIdsResponse;
import com.google.firestore.v1.ListDocumentsRequest;
import com.google.firestore.v1.ListDocumentsResponse;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredAggregationQuery;
import com.google.firestore.v1.StructuredQuery;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The read methods: BatchGetDocuments, GetDocument, RunQuery, RunAggregationQuery, ListDocuments, ListCollectionIds. */
final class FirestoreReads {
    private static final int MAX_LOCKED_QUERY_ATTEMPTS = 20;
    private final ServerState s;

    FirestoreReads(ServerState s) {
        this.s = s;
    }

    void batchGet(BatchGetDocumentsRequest req, Consumer<BatchGetDocumentsResponse> out) {
        String database = ResourceNames.database(req.getDatabase());
        LinkedHashSet<String> names = new LinkedHashSet<>(req.getDocumentsList());
        names.forEach(n -> ResourceNames.checkDocument(database, n));
        if (req.hasMask()) {
            req.getMask().getFieldPathsList().forEach(FieldPaths::parse);
        }
        ReadContext ctx = ReadContext.resolve(s, database, req.hasTransaction() ? req.getTransaction() : null,
                req.hasNewTransaction() ? req.getNewTransaction() : null, req.hasReadTime() ? req.getReadTime() : null);
        if (ctx.started()) {
            out.accept(BatchGetDocumentsResponse.newBuilder().setTransaction(Objects.requireNonNull(ctx.transaction()).id).build());
        }
        if (ctx.locking()) {
            for (String n : names) {
                s.transactions.lockShared(Objects.requireNonNull(ctx.transaction()), n);
            }
        }
        long at = ctx.at(s.store);
        for (String n : names) {
            Document d = s.store.get(n, at);
            BatchGetDocumentsResponse.Builder r = BatchGetDocumentsResponse.newBuilder().setReadTime(DocumentStore.timestamp(at));
            if (d == null) {
                r.setMissing(n);
            } else {
                r.setFound(mask(d, req.hasMask() ? req.getMask() : null));
            }
            out.accept(r.build());
        }
    }

    Document getDocument(GetDocumentRequest req) {
        String database = ResourceNames.database(req.getName());
        ResourceNames.checkDocument(database, req.getName());
        ReadContext ctx = ReadContext.resolve(s, database, req.hasTransaction() ? req.getTransaction() : null, null,
                req.hasReadTime() ? req.getReadTime() : null);
        if (ctx.locking()) {
            s.transactions.lockShared(Objects.requireNonNull(ctx.transaction()), req.getName());
        }
        Document d = s.store.get(req.getName(), ctx.at(s.store));
        if (d == null) {
            throw FirestoreError.notFound("Document \"" + req.getName() + "\" not found.");
        }
        return mask(d, req.hasMask() ? req.getMask() : null);
    }

    static Document mask(Document d, @Nullable DocumentMask mask) {
        if (mask == null) {
            return d;
        }
        return d.toBuilder().clearFields().putAllFields(FieldPaths.project(d.getFieldsMap(), mask.getFieldPathsList())).build();
    }

    void runQuery(RunQueryRequest req, Consumer<RunQueryResponse> out) {
        String database = ResourceNames.database(req.getParent());
        if (!req.hasStructuredQuery()) {
            throw FirestoreError.invalid("RunQuery needs a structured_query");
        }
        if (req.hasExplainOptions()) {
            throw FirestoreError.unimplemented("FirestoreTestServer does not implement query explain (RunQueryRequest.explain_options)");
        }
        StructuredQuery q = req.getStructuredQuery();
        ReadContext ctx = ReadContext.resolve(s, database, req.hasTransaction() ? req.getTransaction() : null,
                req.hasNewTransaction() ? req.getNewTransaction() : null, req.hasReadTime() ? req.getReadTime() : null);
        if (ctx.started()) {
            out.accept(RunQueryResponse.newBuilder().setTransaction(Objects.requireNonNull(ctx.transaction()).id).build());
        }
        QueryEngine.Result result;
        long at;
        if (ctx.locking()) {
            result = lockedQuery(Objects.requireNonNull(ctx.transaction()), database, req.getParent(), q);
            at = s.store.readTime();
        } else {
            at = ctx.at(s.store);
            result = QueryEngine.run(s.store, database, req.getParent(), q, at);
        }
        Timestamp readTime = DocumentStore.timestamp(at);
        boolean first = true;
        for (Document d : result.documents()) {
            RunQueryResponse.Builder r = RunQueryResponse.newBuilder().setReadTime(readTime).setDocument(QueryEngine.project(d, q));
            if (first) {
                r.setSkippedResults(result.skipped());
                first = false;
            }
            out.accept(r.build());
        }
        if (first) {
            out.accept(RunQueryResponse.newBuilder().setReadTime(readTime).setSkippedResults(result.skipped()).build());
        }
    }

    /**
     * A query in a read-write transaction: locks every result, re-runs until the results it returns are
     * all locked and unchanged, and registers a check its commit repeats (phantoms abort the commit).
     */
    private QueryEngine.Result lockedQuery(ServerTransaction t, String database, String parent, StructuredQuery q) {
        QueryEngine.Result previous = null;
        for (int attempt = 0; attempt < MAX_LOCKED_QUERY_ATTEMPTS; attempt++) {
            QueryEngine.Result r = QueryEngine.run(s.store, database, parent, q, s.store.readTime());
            if (previous != null && sameDocuments(previous, r)) {
                List<String> expected = versions(r);
                t.addQueryCheck(() -> expected.equals(versions(QueryEngine.run(s.store, database, parent, q, s.store.readTime()))));
                return r;
            }
            for (Document d : r.documents()) {
                s.transactions.lockShared(t, d.getName());
            }
            previous = r;
        }
        throw FirestoreError.aborted("A query in transaction " + t.idText() + " kept changing under concurrent writes; retry the transaction");
    }

    private static boolean sameDocuments(QueryEngine.Result a, QueryEngine.Result b) {
        return versions(a).equals(versions(b));
    }

    private static List<String> versions(QueryEngine.Result r) {
        List<String> v = new ArrayList<>();
        for (Document d : r.documents()) {
            v.add(d.getName() + "@" + d.getUpdateTime().getSeconds() + "." + d.getUpdateTime().getNanos());
        }
        return v;
    }

    void runAggregationQuery(RunAggregationQueryRequest req, Consumer<RunAggregationQueryResponse> out) {
        String database = ResourceNames.database(req.getParent());
        if (!req.hasStructuredAggregationQuery()) {
            throw FirestoreError.invalid("RunAggregationQuery needs a structured_aggregation_query");
        }
        if (req.hasExplainOptions()) {
            throw FirestoreError.unimplemented("FirestoreTestServer does not implement query explain (RunAggregationQueryRequest.explain_options)");
        }
        StructuredAggregationQuery aq = req.getStructuredAggregationQuery();
        if (aq.getAggregationsCount() < 1 || aq.getAggregationsCount() > 5) {
            throw FirestoreError.invalid("An aggregation query needs 1 to 5 aggregations, got " + aq.getAggregationsCount());
        }
        ReadContext ctx = ReadContext.resolve(s, database, req.hasTransaction() ? req.getTransaction() : null,
                req.hasNewTransaction() ? req.getNewTransaction() : null, req.hasReadTime() ? req.getReadTime() : null);
        long at = ctx.at(s.store);
        StructuredQuery q = aq.getStructuredQuery();
        QueryEngine.Result r = QueryEngine.run(s.store, database, req.getParent(), q, at);
        if (ctx.locking()) {
            List<String> expected = versions(r);
            Objects.requireNonNull(ctx.transaction()).addQueryCheck(
                    () -> expected.equals(versions(QueryEngine.run(s.store, database, req.getParent(), q, s.store.readTime()))));
        }
        AggregationResult result = Aggregations.compute(aq.getAggregationsList(), r.documents());
        RunAggregationQueryResponse.Builder resp = RunAggregationQueryResponse.newBuilder().setResult(result).setReadTime(DocumentStore.timestamp(at));
        if (ctx.started()) {
            resp.setTransaction(Objects.requireNonNull(ctx.transaction()).id);
        }
        out.accept(resp.build());
    }

    ListDocumentsResponse listDocuments(ListDocumentsRequest req) {
        String database = ResourceNames.database(req.getParent());
        ResourceNames.checkParent(database, req.getParent());
        String order = req.getOrderBy().trim();
        if (!order.isEmpty() && !order.equals(FieldPaths.NAME) && !order.equalsIgnoreCase(FieldPaths.NAME + " asc")) {
            throw FirestoreError.unimplemented("FirestoreTestServer implements ListDocuments only in __name__ order, not '" + order + "'");
        }
        if (req.getPageSize() < 0) {
            throw FirestoreError.invalid("page_size must be >= 0");
        }
        ReadContext ctx = ReadContext.resolve(s, database, req.hasTransaction() ? req.getTransaction() : null, null,
                req.hasReadTime() ? req.getReadTime() : null);
        long at = ctx.at(s.store);
        String parent = req.getParent();
        String collection = req.getCollectionId();
        String scan = collection.isEmpty() ? parent : parent + "/" + collection;
        TreeMap<String, Document> found = new TreeMap<>(ResourceNames.ORDER);
        for (String name : s.store.namesBelow(scan)) {
            String rel = name.substring(parent.length() + 1);
            String[] segs = rel.split("/", 3);
            String docName = parent + "/" + segs[0] + "/" + segs[1];
            if (!req.getPageToken().isEmpty() && ResourceNames.compare(docName, req.getPageToken()) <= 0) {
                continue;
            }
            Document d = segs.length == 2 ? s.store.get(name, at) : null;
            if (d != null) {
                found.put(docName, mask(d, req.hasMask() ? req.getMask() : null));
            } else if (segs.length > 2 && req.getShowMissing() && !found.containsKey(docName) && s.store.get(name, at) != null
                    && s.store.get(docName, at) == null) {
                found.put(docName, Document.newBuilder().setName(docName).build());
            }
        }
        ListDocumentsResponse.Builder resp = ListDocumentsResponse.newBuilder();
        int max = req.getPageSize() == 0 ? Integer.MAX_VALUE : req.getPageSize();
        for (Document d : found.values()) {
            if (resp.getDocumentsCount() == max) {
                resp.setNextPageToken(resp.getDocuments(max - 1).getName());
                break;
            }
            resp.addDocuments(d);
        }
        return resp.build();
    }

    ListCollectionIdsResponse listCollectionIds(ListCollectionIdsRequest req) {
        String database = ResourceNames.database(req.getParent());
        ResourceNames.checkParent(database, req.getParent());
        if (req.getPageSize() < 0) {
            throw FirestoreError.invalid("page_size must be >= 0");
        }
        long at = req.hasReadTime() ? s.store.readTimeAt(req.getReadTime()) : s.store.readTime();
        TreeSet<String> ids = new TreeSet<>(ResourceNames::compareUtf8);
        for (String name : s.store.namesBelow(req.getParent())) {
            String id = name.substring(req.getParent().length() + 1).split("/", 2)[0];
            if (!ids.contains(id) && s.store.get(name, at) != null
                    && (req.getPageToken().isEmpty() || ResourceNames.compareUtf8(id, req.getPageToken()) > 0)) {
                ids.add(id);
            }
        }
        ListCollectionIdsResponse.Builder resp = ListCollectionIdsResponse.newBuilder();
        int max = req.getPageSize() == 0 ? Integer.MAX_VALUE : req.getPageSize();
        for (String id : ids) {
            if (resp.getCollectionIdsCount() == max) {
                resp.setNextPageToken(resp.getCollectionIds(max - 1));
                break;
            }
            resp.addCollectionIds(id);
        }
        return resp.build();
    }
}
