package dev.stratum.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a backup job, built and validated by {@link #builder()}.
 *
 * <pre>{@code
 * BackupOptions options = BackupOptions.builder()
 *         .batchSize(1000)
 *         .mode(RestoreMode.MERGE)
 *         .checkpoint(Path.of("restore.checkpoint.json"))
 *         .listener(new BackupListener() { })
 *         .build();
 * }</pre>
 */
public final class BackupOptions {
    private final int batchSize;
    private final RestoreMode mode;
    private final @Nullable Path checkpoint;
    private final BackupListener listener;
    private final Duration progressInterval;
    private final boolean verifyAfterCopy;
    private final int maxReportedDifferences;
    private final List<ExportConsistency> consistency;

    private BackupOptions(Builder b) {
        this.batchSize = b.batchSize;
        this.mode = b.mode;
        this.checkpoint = b.checkpoint;
        this.listener = b.listener;
        this.progressInterval = b.progressInterval;
        this.verifyAfterCopy = b.verifyAfterCopy;
        this.maxReportedDifferences = b.maxReportedDifferences;
        this.consistency = List.copyOf(b.consistency);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: batches of 1000, {@link RestoreMode#REFUSE_IF_NOT_EMPTY}, no checkpoint, progress every 5 s. */
    public static BackupOptions defaults() {
        return builder().build();
    }

    /** Documents per write batch (and per checkpoint). */
    public int batchSize() {
        return batchSize;
    }

    /** What a restore or copy does with a non-empty target. */
    public RestoreMode mode() {
        return mode;
    }

    /**
     * The checkpoint file of a restore or copy: written after every batch, removed when the job
     * completes; when it exists at start, the job resumes after its last completed batch.
     */
    public Optional<Path> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /** Receives progress. */
    public BackupListener listener() {
        return listener;
    }

    /** The least time between two progress reports (listener and log) of one type. */
    public Duration progressInterval() {
        return progressInterval;
    }

    /** Whether a copy verifies the target against the source when it is done. */
    public boolean verifyAfterCopy() {
        return verifyAfterCopy;
    }

    /** How many differences a verify lists per type (all are counted). */
    public int maxReportedDifferences() {
        return maxReportedDifferences;
    }

    /** Consistency plug-ins asked before those found by {@link java.util.ServiceLoader}. */
    public List<ExportConsistency> consistency() {
        return consistency;
    }

    @Override
    public String toString() {
        return "BackupOptions[batchSize=" + batchSize + ", mode=" + mode + ", checkpoint=" + checkpoint + ", progressInterval="
                + progressInterval + ", verifyAfterCopy=" + verifyAfterCopy + "]";
    }

    /** Builds {@link BackupOptions}. */
    public static final class Builder {
        private int batchSize = 1000;
        private RestoreMode mode = RestoreMode.REFUSE_IF_NOT_EMPTY;
        private @Nullable Path checkpoint;
        private BackupListener listener = BackupListener.none();
        private Duration progressInterval = Duration.ofSeconds(5);
        private boolean verifyAfterCopy = true;
        private int maxReportedDifferences = 100;
        private final List<ExportConsistency> consistency = new ArrayList<>();

        private Builder() {}

        /** Documents per write batch, 1 to 100,000. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder mode(RestoreMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder checkpoint(@Nullable Path checkpoint) {
            this.checkpoint = checkpoint;
            return this;
        }

        public Builder listener(BackupListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = Objects.requireNonNull(progressInterval, "progressInterval");
            return this;
        }

        public Builder verifyAfterCopy(boolean verifyAfterCopy) {
            this.verifyAfterCopy = verifyAfterCopy;
            return this;
        }

        public Builder maxReportedDifferences(int max) {
            this.maxReportedDifferences = max;
            return this;
        }

        /** Adds a consistency plug-in, asked before those found by {@link java.util.ServiceLoader}. */
        public Builder consistency(ExportConsistency plugin) {
            this.consistency.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        /** Builds the options. @throws IllegalArgumentException naming the bad setting */
        public BackupOptions build() {
            if (batchSize < 1 || batchSize > 100_000) {
                throw new IllegalArgumentException("batchSize must be 1 to 100000, was " + batchSize);
            }
            if (progressInterval.isNegative()) {
                throw new IllegalArgumentException("progressInterval must not be negative, was " + progressInterval);
            }
            if (maxReportedDifferences < 0) {
                throw new IllegalArgumentException("maxReportedDifferences must not be negative, was " + maxReportedDifferences);
            }
            return new BackupOptions(this);
        }
    }
}
