package dev.stratum.store.firestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import io.grpc.Status;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Status codes as the client raises them (gRPC exceptions, wrapped in ExecutionException by futures). */
class FirestoreErrorsTest {
    private final FirestoreErrors errors = new FirestoreErrors("Firestore p/(default) at localhost:1");

    private DataAccessException translate(Status status, boolean write) {
        return errors.translate(new ExecutionException(status.asRuntimeException()), "do it", write);
    }

    @Test
    void transientCodesAreTransientTypes() {
        for (Status s : new Status[] {Status.ABORTED, Status.UNAVAILABLE, Status.RESOURCE_EXHAUSTED}) {
            assertThat(translate(s, false)).isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(io.grpc.StatusRuntimeException.class);
            assertThat(translate(s, false).errorCode().isTransient()).isTrue();
        }
        assertThat(translate(Status.DEADLINE_EXCEEDED, false)).isInstanceOf(StoreTimeoutException.class);
    }

    @Test
    void alreadyExistsIsADuplicateAndInvalidArgumentOfAWriteIsTheEntitysFault() {
        assertThat(translate(Status.ALREADY_EXISTS.withDescription("Document already exists"), true)).isInstanceOf(DuplicateKeyException.class);
        assertThat(translate(Status.INVALID_ARGUMENT.withDescription("too big"), true)).isInstanceOf(InvalidEntityException.class)
                .hasMessageContaining("too big").hasMessageContaining("nothing was written");
    }

    @Test
    void aMissingIndexNamesTheLinkToCreateIt() {
        String link = "https://console.firebase.google.com/v1/r/project/p/firestore/indexes?create_composite=Cg1rX3Rhc2tz";
        DataAccessException e = translate(Status.FAILED_PRECONDITION.withDescription("The query requires an index. You can create it here: "
                + link), false);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.QUERY_NOT_SUPPORTED);
        assertThat(e).hasMessageContaining("create it here: " + link).hasMessageContaining("localhost:1");
    }

    private DataAccessException write(Throwable thrown) {
        try {
            errors.write("write it", () -> {
                throw new ExecutionException(thrown);
            });
        } catch (DataAccessException e) {
            return e;
        }
        throw new AssertionError("no exception");
    }

    /** #15: a commit whose answer was lost may have been applied: neither "retry is safe" nor a plain timeout. */
    @Test
    void aWriteThatFailedAfterItsRequestLeftHasAnUnknownOutcome() {
        for (Status s : new Status[] {Status.UNAVAILABLE.withDescription("io exception").withCause(new java.io.IOException("Connection reset by peer")),
                Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 1.9s. [remote_addr=localhost/127.0.0.1:1]"),
                Status.CANCELLED, Status.INTERNAL, Status.UNKNOWN}) {
            DataAccessException e = write(s.asRuntimeException());
            assertThat(e).as(s.toString()).isInstanceOf(WriteOutcomeUnknownException.class).hasMessageContaining("may have been applied")
                    .hasCauseInstanceOf(io.grpc.StatusRuntimeException.class);
            assertThat(e.errorCode().isTransient()).isTrue();
        }
        assertThat(write(new java.util.concurrent.CancellationException())).isInstanceOf(WriteOutcomeUnknownException.class);
    }

    @Test
    void aWriteThatNeverLeftOrWasRefusedKeepsItsPlainType() {
        assertThat(write(Status.UNAVAILABLE.withDescription("io exception").withCause(new java.net.ConnectException("Connection refused"))
                .asRuntimeException())).isExactlyInstanceOf(StoreUnavailableException.class);
        assertThat(write(Status.DEADLINE_EXCEEDED.withDescription("CallOptions deadline exceeded after 0.9s. [closed=[], "
                + "open=[[buffered_nanos=1154233069, waiting_for_connection]]]").asRuntimeException())).isExactlyInstanceOf(StoreTimeoutException.class);
        for (Status s : new Status[] {Status.ABORTED, Status.RESOURCE_EXHAUSTED}) {
            assertThat(write(s.asRuntimeException())).as(s.toString()).isExactlyInstanceOf(StoreUnavailableException.class);
        }
        assertThat(write(Status.FAILED_PRECONDITION.asRuntimeException())).isNotInstanceOf(StoreTimeoutException.class);
        assertThat(write(Status.ALREADY_EXISTS.asRuntimeException())).isInstanceOf(DuplicateKeyException.class);
    }
}
