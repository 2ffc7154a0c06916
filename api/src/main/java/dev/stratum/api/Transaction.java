package dev.stratum.api;

/**
 * A multi-document transaction in progress, handed to the body of
 * {@link Store#inTransaction(Transaction.Work)}. Every call made through its repositories, on the
 * thread running the body, joins the transaction.
 *
 * <pre>{@code
 * Task moved = store.inTransaction(tx -> {
 *     Repository<Task, String> tasks = tx.repository(Task.class, String.class);
 *     Repository<User, String> users = tx.repository(User.class, String.class);
 *     Task t = tasks.update(taskId, Update.set("assigneeId", "bob"));
 *     users.update("bob", Update.increment("openTasks", 1));
 *     return t;
 * });
 * }</pre>
 *
 * <p>The body may run more than once: the store retries it on transient transaction errors (write
 * conflicts, elections) as its driver does, so keep side effects other than the store's out of it.
 */
public interface Transaction {

    /** The repository of {@code entityType} inside this transaction (id type inferred). */
    <T, ID> Repository<T, ID> repository(Class<T> entityType);

    /** The repository of {@code entityType}, checking that its {@link Id} is of {@code idType}. */
    <T, ID> Repository<T, ID> repository(Class<T> entityType, Class<ID> idType);

    /**
     * The body of a transaction.
     *
     * @param <R> its result
     */
    @FunctionalInterface
    interface Work<R> {
        /** Runs in the transaction; throwing aborts it. */
        R run(Transaction tx);
    }
}
