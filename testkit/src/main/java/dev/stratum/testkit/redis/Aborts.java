package dev.stratum.testkit.redis;

/**
 * Builds the exception that skips a test (opentest4j's {@code TestAbortedException}) without linking
 * to it, so the provisioning classes also work outside tests (benchmarks, examples) where JUnit is
 * not on the class path; there it is an {@link IllegalStateException} with the same message.
 */
public final class Aborts {
    private Aborts() {}

    /** The exception that skips the calling test (an {@code IllegalStateException} outside JUnit). */
    public static RuntimeException abort(String message) {
        try {
            Class<?> type = Class.forName("org.opentest4j.TestAbortedException", true, Aborts.class.getClassLoader());
            return (RuntimeException) type.getConstructor(String.class).newInstance(message);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return new IllegalStateException(message);
        }
    }
}
