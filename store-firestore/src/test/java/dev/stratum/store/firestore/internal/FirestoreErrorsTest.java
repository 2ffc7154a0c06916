package dev.stratum.store.firestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
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
}
