package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.BatchWriteResponse;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.CreateDocumentRequest;
import com.google.firestore.v1.DeleteDocumentRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.FirestoreProto;
import com.google.firestore.v1.GetDocumentRequest;
import com.google.firestore.v1.ListCollectionIdsRequest;
import com.google.firestore.v1.ListCollectionIdsResponse;
import com.google.firestore.v1.ListDocumentsRequest;
import com.google.firestore.v1.ListDocumentsResponse;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.UpdateDocumentRequest;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code google.firestore.v1.Firestore} service built from the message classes with
 * {@link ProtoUtils} marshallers (no generated stub needed). Every method of the service descriptor that
 * is not implemented answers {@code UNIMPLEMENTED} naming it.
 */
final class FirestoreServiceDefinition {
    static final String SERVICE = "google.firestore.v1.Firestore";
    private static final Logger LOG = LoggerFactory.getLogger(FirestoreServiceDefinition.class);

    private FirestoreServiceDefinition() {
    }

    static ServerServiceDefinition create(ServerState state) {
        FirestoreReads reads = new FirestoreReads(state);
        FirestoreWrites writes = new FirestoreWrites(state);
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(SERVICE);
        Set<String> done = new HashSet<>();
        unary(b, done, "GetDocument", GetDocumentRequest.getDefaultInstance(), Document.getDefaultInstance(), reads::getDocument);
        unary(b, done, "ListDocuments", ListDocumentsRequest.getDefaultInstance(), ListDocumentsResponse.getDefaultInstance(), reads::listDocuments);
        unary(b, done, "ListCollectionIds", ListCollectionIdsRequest.getDefaultInstance(), ListCollectionIdsResponse.getDefaultInstance(),
                reads::listCollectionIds);
        streaming(b, done, "BatchGetDocuments", BatchGetDocumentsRequest.getDefaultInstance(), BatchGetDocumentsResponse.getDefaultInstance(),
                reads::batchGet);
        streaming(b, done, "RunQuery", RunQueryRequest.getDefaultInstance(), RunQueryResponse.getDefaultInstance(), reads::runQuery);
        streaming(b, done, "RunAggregationQuery", RunAggregationQueryRequest.getDefaultInstance(), RunAggregationQueryResponse.getDefaultInstance(),
                reads::runAggregationQuery);
        unary(b, done, "BeginTransaction", BeginTransactionRequest.getDefaultInstance(), BeginTransactionResponse.getDefaultInstance(),
                writes::beginTransaction);
        unary(b, done, "Commit", CommitRequest.getDefaultInstance(), CommitResponse.getDefaultInstance(), writes::commit);
        unary(b, done, "Rollback", RollbackRequest.getDefaultInstance(), Empty.getDefaultInstance(), writes::rollback);
        unary(b, done, "BatchWrite", BatchWriteRequest.getDefaultInstance(), BatchWriteResponse.getDefaultInstance(), writes::batchWrite);
        unary(b, done, "CreateDocument", CreateDocumentRequest.getDefaultInstance(), Document.getDefaultInstance(), writes::createDocument);
        unary(b, done, "UpdateDocument", UpdateDocumentRequest.getDefaultInstance(), Document.getDefaultInstance(), writes::updateDocument);
        unary(b, done, "DeleteDocument", DeleteDocumentRequest.getDefaultInstance(), Empty.getDefaultInstance(), writes::deleteDocument);
        Descriptors.ServiceDescriptor service = FirestoreProto.getDescriptor().findServiceByName("Firestore");
        for (Descriptors.MethodDescriptor m : service.getMethods()) {
            if (!done.contains(m.getName())) {
                b.addMethod(unimplemented(m), unimplementedHandler(m.getName()));
            }
        }
        return b.build();
    }

    /** The names of the methods this server answers with UNIMPLEMENTED. */
    static Set<String> unimplementedMethods() {
        Set<String> all = new HashSet<>();
        FirestoreProto.getDescriptor().findServiceByName("Firestore").getMethods().forEach(m -> all.add(m.getName()));
        all.removeAll(Set.of("GetDocument", "ListDocuments", "ListCollectionIds", "BatchGetDocuments", "RunQuery", "RunAggregationQuery",
                "BeginTransaction", "Commit", "Rollback", "BatchWrite", "CreateDocument", "UpdateDocument", "DeleteDocument"));
        return all;
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(MethodDescriptor.MethodType type, String name, Q req, R resp) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(req))
                .setResponseMarshaller(ProtoUtils.marshaller(resp))
                .build();
    }

    private static <Q extends Message, R extends Message> void unary(ServerServiceDefinition.Builder b, Set<String> done, String name, Q req, R resp,
            Function<Q, R> handler) {
        done.add(name);
        b.addMethod(method(MethodDescriptor.MethodType.UNARY, name, req, resp), ServerCalls.asyncUnaryCall((Q q, StreamObserver<R> out) -> {
            try {
                R r = handler.apply(q);
                out.onNext(r);
                out.onCompleted();
            } catch (RuntimeException e) {
                fail(out, name, e);
            }
        }));
    }

    private static <Q extends Message, R extends Message> void streaming(ServerServiceDefinition.Builder b, Set<String> done, String name, Q req,
            R resp, BiConsumer<Q, Consumer<R>> handler) {
        done.add(name);
        b.addMethod(method(MethodDescriptor.MethodType.SERVER_STREAMING, name, req, resp),
                ServerCalls.asyncServerStreamingCall((Q q, StreamObserver<R> out) -> {
                    try {
                        handler.accept(q, out::onNext);
                        out.onCompleted();
                    } catch (RuntimeException e) {
                        fail(out, name, e);
                    }
                }));
    }

    private static void fail(StreamObserver<?> out, String method, RuntimeException e) {
        try {
            out.onError(toStatus(method, e));
        } catch (RuntimeException alreadyClosed) {
            // the client cancelled or its deadline passed: nobody is listening any more
            LOG.debug("could not answer {} with {}: {}", method, e.toString(), alreadyClosed.toString());
        }
    }

    private static StatusRuntimeException toStatus(String method, RuntimeException e) {
        if (e instanceof FirestoreError fe) {
            return fe.status().asRuntimeException();
        }
        if (e instanceof StatusRuntimeException sre) {
            return sre;
        }
        LOG.warn("FirestoreTestServer failed in {}", method, e);
        return Status.INTERNAL.withDescription("FirestoreTestServer failed in " + method + ": " + e).withCause(e).asRuntimeException();
    }

    private static MethodDescriptor<byte[], byte[]> unimplemented(Descriptors.MethodDescriptor m) {
        MethodDescriptor.MethodType type = m.isClientStreaming()
                ? (m.isServerStreaming() ? MethodDescriptor.MethodType.BIDI_STREAMING : MethodDescriptor.MethodType.CLIENT_STREAMING)
                : (m.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING : MethodDescriptor.MethodType.UNARY);
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, m.getName()))
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    private static ServerCallHandler<byte[], byte[]> unimplementedHandler(String name) {
        return new ServerCallHandler<>() {
            @Override
            public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
                call.close(Status.UNIMPLEMENTED.withDescription("FirestoreTestServer does not implement " + SERVICE + "/" + name
                        + " (supported: BatchGetDocuments, Commit, BeginTransaction, Rollback, RunQuery, RunAggregationQuery, BatchWrite,"
                        + " ListDocuments, ListCollectionIds, GetDocument, CreateDocument, UpdateDocument, DeleteDocument)"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
        };
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
