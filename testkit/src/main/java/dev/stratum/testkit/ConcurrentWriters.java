package dev.stratum.testkit;

/**
 * The size of the {@link RepositoryCompatibilityKit kit}'s concurrent-writers check (the {@code Versioning} group's
 * {@code concurrentWritersRetryingOnConflictLoseNoUpdate}): {@link #writers()} threads each make
 * {@link #incrementsPerWriter()} versioned increments of one counter, retrying on
 * {@link dev.stratum.api.OptimisticLockException}; the counter must end at exactly {@link #totalIncrements()} and its
 * version one higher (insert wrote 1). A kit subclass returns one from
 * {@link RepositoryCompatibilityKit#concurrentWriters()}:
 *
 * <pre>{@code
 * @Override
 * protected ConcurrentWriters concurrentWriters() {
 *     return ConcurrentWriters.of(16, 200).expectingConflicts(); // 3,200 increments; the writers must have collided
 * }
 * }</pre>
 *
 * <p>{@link #expectingConflicts()} adds the check that the writers did contend (at least one
 * {@code OptimisticLockException} was retried), which shows that the run exercised optimistic locking rather than
 * writers that happened to take turns. It is off by default: a store that serializes its callers, or a machine that
 * runs the writers one after another, may legitimately see none. Say it only for a store whose every write is a
 * network round trip to a shared server at a size where contention is certain, and for {@code writers >= 2}.
 */
public final class ConcurrentWriters {
    /** The largest {@link #totalIncrements()} allowed: the counter's version is an {@code int}, and the check must end. */
    public static final int MAX_TOTAL_INCREMENTS = 1_000_000;

    private static final ConcurrentWriters DEFAULTS = new ConcurrentWriters(8, 200, false);

    private final int writers;
    private final int incrementsPerWriter;
    private final boolean conflictsExpected;

    private ConcurrentWriters(int writers, int incrementsPerWriter, boolean conflictsExpected) {
        this.writers = writers;
        this.incrementsPerWriter = incrementsPerWriter;
        this.conflictsExpected = conflictsExpected;
    }

    /** What every store runs unless its kit subclass says otherwise: 8 writers × 200 increments, conflicts not required. */
    public static ConcurrentWriters defaults() {
        return DEFAULTS;
    }

    /**
     * {@code writers} threads × {@code incrementsPerWriter} increments, conflicts not required.
     *
     * @throws IllegalArgumentException if either is below 1 or their product exceeds {@link #MAX_TOTAL_INCREMENTS}
     */
    public static ConcurrentWriters of(int writers, int incrementsPerWriter) {
        if (writers < 1) {
            throw new IllegalArgumentException("concurrent writers must be at least 1, was " + writers);
        }
        if (incrementsPerWriter < 1) {
            throw new IllegalArgumentException("increments per concurrent writer must be at least 1, was " + incrementsPerWriter);
        }
        if ((long) writers * incrementsPerWriter > MAX_TOTAL_INCREMENTS) {
            throw new IllegalArgumentException(writers + " concurrent writers x " + incrementsPerWriter + " increments exceed "
                    + MAX_TOTAL_INCREMENTS + " increments in all");
        }
        return new ConcurrentWriters(writers, incrementsPerWriter, false);
    }

    /**
     * The same size, and the check also requires that the writers collided at least once (see the class javadoc).
     *
     * @throws IllegalStateException with a single writer, which can never conflict
     */
    public ConcurrentWriters expectingConflicts() {
        if (writers < 2) {
            throw new IllegalStateException("conflicts cannot be expected of a single concurrent writer: use at least 2");
        }
        return new ConcurrentWriters(writers, incrementsPerWriter, true);
    }

    /** Writer threads. */
    public int writers() {
        return writers;
    }

    /** Versioned increments each writer makes (each retried until it lands). */
    public int incrementsPerWriter() {
        return incrementsPerWriter;
    }

    /** {@code writers() * incrementsPerWriter()}: the counter's final value. */
    public int totalIncrements() {
        return writers * incrementsPerWriter;
    }

    /** Whether the check requires at least one retried conflict. */
    public boolean conflictsExpected() {
        return conflictsExpected;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConcurrentWriters c && c.writers == writers && c.incrementsPerWriter == incrementsPerWriter
                && c.conflictsExpected == conflictsExpected;
    }

    @Override
    public int hashCode() {
        return (writers * 31 + incrementsPerWriter) * 2 + (conflictsExpected ? 1 : 0);
    }

    @Override
    public String toString() {
        return writers + " writers x " + incrementsPerWriter + " increments" + (conflictsExpected ? ", conflicts expected" : "");
    }
}
