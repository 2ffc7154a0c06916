package dev.stratum.testkit.firestore.internal;

import io.grpc.Status;

/** A failure answered to the client with a gRPC status, as Firestore answers it. */
final class FirestoreError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Status status;

    private FirestoreError(Status.Code code, String message) {
        super(message, null, false, false);
        this.status = Status.fromCode(code).withDescription(message);
    }

    Status status() {
        return status;
    }

    static FirestoreError invalid(String message) {
        return new FirestoreError(Status.Code.INVALID_ARGUMENT, message);
    }

    static FirestoreError notFound(String message) {
        return new FirestoreError(Status.Code.NOT_FOUND, message);
    }

    static FirestoreError alreadyExists(String message) {
        return new FirestoreError(Status.Code.ALREADY_EXISTS, message);
    }

    static FirestoreError failedPrecondition(String message) {
        return new FirestoreError(Status.Code.FAILED_PRECONDITION, message);
    }

    static FirestoreError aborted(String message) {
        return new FirestoreError(Status.Code.ABORTED, message);
    }

    static FirestoreError unimplemented(String message) {
        return new FirestoreError(Status.Code.UNIMPLEMENTED, message);
    }

    static FirestoreError cancelled(String message) {
        return new FirestoreError(Status.Code.CANCELLED, message);
    }
}
