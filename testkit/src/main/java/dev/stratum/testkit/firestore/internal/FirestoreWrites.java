package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.BatchWriteResponse;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.CreateDocumentRequest;
import com.google.firestore.v1.DeleteDocumentRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentMask;
import com.google.firestore.v1.Precondition;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.TransactionOptions;
import com.google.firestore.v1.UpdateDocumentRequest;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.protobuf.Empty;
import com.google.rpc.Status;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** The write methods: BeginTransaction, Commit, Rollback, BatchWrite, CreateDocument, UpdateDocument, DeleteDocument. */
final class FirestoreWrites {
    /** Firestore's limit of writes in one Commit or BatchWrite request. */
    static final int MAX_WRITES = 500;
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final ServerState s;
    private final SecureRandom random = new SecureRandom();

    FirestoreWrites(ServerState s) {
        this.s = s;
    }

    BeginTransactionResponse beginTransaction(BeginTransactionRequest req) {
        String database = ResourceNames.database(req.getDatabase());
        TransactionOptions options = req.hasOptions() ? req.getOptions() : TransactionOptions.getDefaultInstance();
        if (!options.hasReadOnly() && !options.hasReadWrite()) {
            options = TransactionOptions.newBuilder().setReadWrite(TransactionOptions.ReadWrite.getDefaultInstance()).build();
        }
        return BeginTransactionResponse.newBuilder().setTransaction(s.transactions.begin(database, options, s.store).id).build();
    }

    Empty rollback(RollbackRequest req) {
        s.transactions.rollback(ResourceNames.database(req.getDatabase()), req.getTransaction());
        return Empty.getDefaultInstance();
    }

    CommitResponse commit(CommitRequest req) {
        String database = ResourceNames.database(req.getDatabase());
        List<Write> writes = req.getWritesList();
        if (writes.size() > MAX_WRITES) {
            throw FirestoreError.invalid("A Commit can have at most " + MAX_WRITES + " writes, this one has " + writes.size());
        }
        Set<String> targets = new TreeSet<>(ResourceNames.ORDER);
        for (Write w : writes) {
            String name = WriteApplier.target(w);
            ResourceNames.checkDocument(database, name);
            targets.add(name);
        }
        if (req.getTransaction().isEmpty()) {
            Object owner = new Object();
            s.transactions.lockAll(owner, targets);
            try {
                return apply(database, writes, null);
            } finally {
                s.transactions.unlockAll(owner, targets);
            }
        }
        ServerTransaction t = s.transactions.get(database, req.getTransaction());
        try {
            if (t.readOnly) {
                if (!writes.isEmpty()) {
                    throw FirestoreError.invalid("Cannot modify entities in a read-only transaction");
                }
                return CommitResponse.newBuilder().setCommitTime(DocumentStore.timestamp(s.store.readTime())).build();
            }
            s.transactions.lockForCommit(t, targets);
            return apply(database, writes, t);
        } finally {
            s.transactions.finish(t);
        }
    }

    private CommitResponse apply(String database, List<Write> writes, @Nullable ServerTransaction t) {
        return s.store.commit(c -> {
            if (t != null) {
                s.transactions.checkActive(t);
                if (!t.queriesUnchanged()) {
                    throw FirestoreError.aborted("Transaction " + t.idText()
                            + " was aborted: another commit changed the results of a query it ran (contention); retry the transaction");
                }
            }
            CommitResponse.Builder resp = CommitResponse.newBuilder().setCommitTime(DocumentStore.timestamp(c.time()));
            for (Write w : writes) {
                resp.addWriteResults(WriteApplier.apply(c, database, w));
            }
            return resp.build();
        });
    }

    BatchWriteResponse batchWrite(BatchWriteRequest req) {
        String database = ResourceNames.database(req.getDatabase());
        if (req.getWritesCount() > MAX_WRITES) {
            throw FirestoreError.invalid("A BatchWrite can have at most " + MAX_WRITES + " writes, this one has " + req.getWritesCount());
        }
        Set<String> seen = new HashSet<>();
        for (Write w : req.getWritesList()) {
            String name = WriteApplier.target(w);
            if (!seen.add(name)) {
                throw FirestoreError.invalid("A BatchWrite cannot write document " + name + " more than once");
            }
        }
        BatchWriteResponse.Builder resp = BatchWriteResponse.newBuilder();
        for (Write w : req.getWritesList()) {
            try {
                String name = WriteApplier.target(w);
                ResourceNames.checkDocument(database, name);
                Object owner = new Object();
                List<String> one = List.of(name);
                s.transactions.lockAll(owner, one);
                WriteResult r;
                try {
                    r = s.store.commit(c -> {
                        WriteResult wr = WriteApplier.apply(c, database, w);
                        // a delete reports its commit time (BulkWriter reads it as the write time)
                        return wr.hasUpdateTime() ? wr : wr.toBuilder().setUpdateTime(DocumentStore.timestamp(c.time())).build();
                    });
                } finally {
                    s.transactions.unlockAll(owner, one);
                }
                resp.addWriteResults(r).addStatus(Status.newBuilder().setCode(0));
            } catch (FirestoreError e) {
                resp.addWriteResults(WriteResult.getDefaultInstance()).addStatus(Status.newBuilder()
                        .setCode(e.status().getCode().value()).setMessage(Objects.requireNonNullElse(e.status().getDescription(), "")));
            }
        }
        return resp.build();
    }

    Document createDocument(CreateDocumentRequest req) {
        String id = req.getDocumentId().isEmpty() ? randomId() : req.getDocumentId();
        String name = req.getParent() + "/" + req.getCollectionId() + "/" + id;
        Write w = Write.newBuilder().setUpdate(req.getDocument().toBuilder().setName(name))
                .setCurrentDocument(Precondition.newBuilder().setExists(false)).build();
        return writeOne(name, w, req.hasMask() ? req.getMask() : null);
    }

    Document updateDocument(UpdateDocumentRequest req) {
        Write.Builder w = Write.newBuilder().setUpdate(req.getDocument());
        if (req.hasUpdateMask()) {
            w.setUpdateMask(req.getUpdateMask());
        }
        if (req.hasCurrentDocument()) {
            w.setCurrentDocument(req.getCurrentDocument());
        }
        return writeOne(req.getDocument().getName(), w.build(), req.hasMask() ? req.getMask() : null);
    }

    Empty deleteDocument(DeleteDocumentRequest req) {
        Write.Builder w = Write.newBuilder().setDelete(req.getName());
        if (req.hasCurrentDocument()) {
            w.setCurrentDocument(req.getCurrentDocument());
        }
        String database = ResourceNames.database(req.getName());
        commit(CommitRequest.newBuilder().setDatabase(database).addWrites(w).build());
        return Empty.getDefaultInstance();
    }

    private Document writeOne(String name, Write w, @Nullable DocumentMask mask) {
        String database = ResourceNames.database(name);
        CommitResponse r = commit(CommitRequest.newBuilder().setDatabase(database).addWrites(w).build());
        Document d = s.store.get(name, DocumentStore.micros(r.getCommitTime()));
        if (d == null) {
            throw FirestoreError.notFound("Document \"" + name + "\" not found after the write");
        }
        return FirestoreReads.mask(d, mask);
    }

    private String randomId() {
        StringBuilder b = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            b.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return b.toString();
    }
}
