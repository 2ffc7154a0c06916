package dev.stratum.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.BatchWriteResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentTransform.FieldTransform;
import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import com.google.firestore.v1.PartitionQueryRequest;
import com.google.firestore.v1.PartitionQueryResponse;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredAggregationQuery;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.TransactionOptions;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Java client cannot reach: the protocol itself, over a plain gRPC channel. */
class FirestoreProtocolTest {
    private static final String PROJECT = FirestoreTestServer.uniqueProjectId("protocol");
    private static final String DB = "projects/" + PROJECT + "/databases/(default)";
    private static final String ROOT = DB + "/documents";
    private static FirestoreTestServer server;
    private static ManagedChannel channel;

    @BeforeAll
    static void connect() {
        server = FirestoreTestServer.shared();
        channel = NettyChannelBuilder.forTarget(server.emulatorHost()).usePlaintext().build();
    }

    @AfterAll
    static void disconnect() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(MethodDescriptor.MethodType type, String name, Q q, R r) {
        return MethodDescriptor.<Q, R>newBuilder().setType(type).setFullMethodName("google.firestore.v1.Firestore/" + name)
                .setRequestMarshaller(ProtoUtils.marshaller(q)).setResponseMarshaller(ProtoUtils.marshaller(r)).build();
    }

    private static CommitResponse commit(CommitRequest req) {
        return ClientCalls.blockingUnaryCall(channel, method(MethodDescriptor.MethodType.UNARY, "Commit", CommitRequest.getDefaultInstance(),
                CommitResponse.getDefaultInstance()), CallOptions.DEFAULT, req);
    }

    private static Value i(long v) {
        return Value.newBuilder().setIntegerValue(v).build();
    }

    private static Value d(double v) {
        return Value.newBuilder().setDoubleValue(v).build();
    }

    private static Document get(String name) {
        Iterator<BatchGetDocumentsResponse> it = ClientCalls.blockingServerStreamingCall(channel, method(MethodDescriptor.MethodType.SERVER_STREAMING,
                "BatchGetDocuments", BatchGetDocumentsRequest.getDefaultInstance(), BatchGetDocumentsResponse.getDefaultInstance()), CallOptions.DEFAULT,
                BatchGetDocumentsRequest.newBuilder().setDatabase(DB).addDocuments(name).build());
        return it.next().getFound();
    }

    @Test
    void maximumAndMinimumTransforms() {
        String name = ROOT + "/mm/a";
        commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(Write.newBuilder()
                .setUpdate(Document.newBuilder().setName(name).putFields("a", i(5)).putFields("b", d(2.5)).putFields("c", i(3)).putFields("s",
                        Value.newBuilder().setStringValue("x").build()))).build());
        CommitResponse r = commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(Write.newBuilder()
                .setUpdate(Document.newBuilder().setName(name))
                .setUpdateMask(com.google.firestore.v1.DocumentMask.getDefaultInstance())
                .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("a").setMaximum(d(7.5)))
                .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("b").setMinimum(i(1)))
                .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("c").setMaximum(d(3.0)))
                .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("s").setMinimum(i(4)))
                .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("n").setMaximum(d(Double.NaN)))).build());
        assertThat(r.getWriteResults(0).getTransformResultsList()).hasSize(5);
        Document doc = get(name);
        assertThat(doc.getFieldsOrThrow("a")).as("the larger operand, with its type").isEqualTo(d(7.5));
        assertThat(doc.getFieldsOrThrow("b")).isEqualTo(i(1));
        assertThat(doc.getFieldsOrThrow("c")).as("equivalent operands leave the stored value").isEqualTo(i(3));
        assertThat(doc.getFieldsOrThrow("s")).as("a non-number is replaced").isEqualTo(i(4));
        assertThat(Double.isNaN(doc.getFieldsOrThrow("n").getDoubleValue())).isTrue();
    }

    @Test
    void countUpTo() {
        for (int k = 0; k < 5; k++) {
            commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(Write.newBuilder()
                    .setUpdate(Document.newBuilder().setName(ROOT + "/cnt/d" + k).putFields("k", i(k)))).build());
        }
        StructuredQuery q = StructuredQuery.newBuilder().addFrom(StructuredQuery.CollectionSelector.newBuilder().setCollectionId("cnt")).build();
        RunAggregationQueryRequest req = RunAggregationQueryRequest.newBuilder().setParent(ROOT).setStructuredAggregationQuery(
                StructuredAggregationQuery.newBuilder().setStructuredQuery(q)
                        .addAggregations(StructuredAggregationQuery.Aggregation.newBuilder().setAlias("upTo3")
                                .setCount(StructuredAggregationQuery.Aggregation.Count.newBuilder().setUpTo(Int64Value.of(3))))
                        .addAggregations(StructuredAggregationQuery.Aggregation.newBuilder().setAlias("all")
                                .setCount(StructuredAggregationQuery.Aggregation.Count.getDefaultInstance()))).build();
        Iterator<RunAggregationQueryResponse> it = ClientCalls.blockingServerStreamingCall(channel, method(MethodDescriptor.MethodType.SERVER_STREAMING,
                "RunAggregationQuery", RunAggregationQueryRequest.getDefaultInstance(), RunAggregationQueryResponse.getDefaultInstance()),
                CallOptions.DEFAULT, req);
        RunAggregationQueryResponse r = it.next();
        assertThat(r.getResult().getAggregateFieldsOrThrow("upTo3")).isEqualTo(i(3));
        assertThat(r.getResult().getAggregateFieldsOrThrow("all")).isEqualTo(i(5));
    }

    @Test
    void aReadCanBeginATransactionThatACommitFinishes() {
        String name = ROOT + "/nt/a";
        commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(Write.newBuilder()
                .setUpdate(Document.newBuilder().setName(name).putFields("n", i(1)))).build());
        Iterator<BatchGetDocumentsResponse> it = ClientCalls.blockingServerStreamingCall(channel, method(MethodDescriptor.MethodType.SERVER_STREAMING,
                "BatchGetDocuments", BatchGetDocumentsRequest.getDefaultInstance(), BatchGetDocumentsResponse.getDefaultInstance()), CallOptions.DEFAULT,
                BatchGetDocumentsRequest.newBuilder().setDatabase(DB).addDocuments(name)
                        .setNewTransaction(TransactionOptions.newBuilder().setReadWrite(TransactionOptions.ReadWrite.getDefaultInstance())).build());
        List<BatchGetDocumentsResponse> responses = new ArrayList<>();
        it.forEachRemaining(responses::add);
        ByteString tx = responses.get(0).getTransaction();
        assertThat(tx.isEmpty()).isFalse();
        Document found = responses.stream().filter(BatchGetDocumentsResponse::hasFound).findFirst().orElseThrow().getFound();
        assertThat(found.getFieldsOrThrow("n")).isEqualTo(i(1));
        commit(CommitRequest.newBuilder().setDatabase(DB).setTransaction(tx).addWrites(Write.newBuilder()
                .setUpdate(Document.newBuilder().setName(name).putFields("n", i(2)))).build());
        assertThat(get(name).getFieldsOrThrow("n")).isEqualTo(i(2));
        // a finished transaction cannot be used again
        assertThatThrownBy(() -> commit(CommitRequest.newBuilder().setDatabase(DB).setTransaction(tx).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void runQueryWithNoResultsAnswersItsReadTime() {
        StructuredQuery q = StructuredQuery.newBuilder().addFrom(StructuredQuery.CollectionSelector.newBuilder().setCollectionId("empty")).build();
        Iterator<RunQueryResponse> it = ClientCalls.blockingServerStreamingCall(channel, method(MethodDescriptor.MethodType.SERVER_STREAMING,
                "RunQuery", RunQueryRequest.getDefaultInstance(), RunQueryResponse.getDefaultInstance()), CallOptions.DEFAULT,
                RunQueryRequest.newBuilder().setParent(ROOT).setStructuredQuery(q).build());
        RunQueryResponse only = it.next();
        assertThat(only.hasDocument()).isFalse();
        assertThat(only.hasReadTime()).isTrue();
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void batchWriteAppliesEachWriteIndependently() {
        String ok = ROOT + "/bw/ok";
        String bad = ROOT + "/bw/missing";
        BatchWriteRequest req = BatchWriteRequest.newBuilder().setDatabase(DB)
                .addWrites(Write.newBuilder().setUpdate(Document.newBuilder().setName(ok).putFields("x", i(1))))
                .addWrites(Write.newBuilder().setUpdate(Document.newBuilder().setName(bad).putFields("x", i(1)))
                        .setCurrentDocument(com.google.firestore.v1.Precondition.newBuilder().setExists(true)))
                .build();
        BatchWriteResponse r = ClientCalls.blockingUnaryCall(channel, method(MethodDescriptor.MethodType.UNARY, "BatchWrite",
                BatchWriteRequest.getDefaultInstance(), BatchWriteResponse.getDefaultInstance()), CallOptions.DEFAULT, req);
        assertThat(r.getStatus(0).getCode()).isEqualTo(Status.Code.OK.value());
        assertThat(r.getStatus(1).getCode()).isEqualTo(Status.Code.NOT_FOUND.value());
        assertThat(get(ok).getFieldsOrThrow("x")).isEqualTo(i(1));
        BatchWriteRequest twice = BatchWriteRequest.newBuilder().setDatabase(DB)
                .addWrites(Write.newBuilder().setUpdate(Document.newBuilder().setName(ok).putFields("x", i(2))))
                .addWrites(Write.newBuilder().setDelete(ok)).build();
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, method(MethodDescriptor.MethodType.UNARY, "BatchWrite",
                BatchWriteRequest.getDefaultInstance(), BatchWriteResponse.getDefaultInstance()), CallOptions.DEFAULT, twice))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void unimplementedMethodsSayWhichMethodIsMissing() throws Exception {
        assumeTrue(server.isInProcess(), "checks the in-process server's own UNIMPLEMENTED answers");
        assertThat(FirestoreTestServer.unimplementedMethods()).contains("Listen", "Write", "PartitionQuery");
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, method(MethodDescriptor.MethodType.UNARY, "PartitionQuery",
                PartitionQueryRequest.getDefaultInstance(), PartitionQueryResponse.getDefaultInstance()), CallOptions.DEFAULT,
                PartitionQueryRequest.newBuilder().setParent(ROOT).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                    assertThat(e.getStatus().getDescription()).contains("google.firestore.v1.Firestore/PartitionQuery");
                });
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        StreamObserver<ListenRequest> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(method(MethodDescriptor.MethodType.BIDI_STREAMING,
                "Listen", ListenRequest.getDefaultInstance(), ListenResponse.getDefaultInstance()), CallOptions.DEFAULT), new StreamObserver<>() {
                    @Override
                    public void onNext(ListenResponse value) {
                        error.completeExceptionally(new AssertionError("a Listen response: " + value));
                    }

                    @Override
                    public void onError(Throwable t) {
                        error.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        error.completeExceptionally(new AssertionError("Listen completed"));
                    }
                });
        requests.onNext(ListenRequest.newBuilder().setDatabase(DB).build());
        Status s = Status.fromThrowable(error.get(30, TimeUnit.SECONDS));
        assertThat(s.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(s.getDescription()).contains("Listen");
        requests.onCompleted();
    }
}
