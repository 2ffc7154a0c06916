package dev.stratum.backup.internal;

import dev.stratum.backup.BackupListener;
import dev.stratum.backup.Progress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts one type's documents and reports to the listener at most once per interval, to the log at most once per interval and second. */
final class ProgressTracker {
    private static final Logger LOG = LoggerFactory.getLogger("dev.stratum.backup");
    private final String phase;
    private final String entity;
    private final long total;
    private final BackupListener listener;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private static final long LOG_FLOOR_NANOS = 1_000_000_000L;
    private long lastReport = start;
    private long lastLog = start;
    private long documents;
    private long batches;

    ProgressTracker(String phase, String entity, long total, BackupListener listener, Duration interval) {
        this.phase = phase;
        this.entity = entity;
        this.total = total;
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
    }

    void documents(long n) {
        documents += n;
        long now = System.nanoTime();
        if (now - lastReport >= intervalNanos) {
            lastReport = now;
            Progress p = progress();
            // the log is bounded to one line a second per type even when the listener asks for every document
            if (now - lastLog >= Math.max(intervalNanos, LOG_FLOOR_NANOS)) {
                lastLog = now;
                LOG.info("{}", p);
            }
            listener.onProgress(p);
        }
    }

    /** A batch was written and checkpointed. */
    void batch() {
        batches++;
        listener.onBatchWritten(progress());
    }

    void done() {
        Progress p = progress();
        LOG.info("{} (done)", p);
        listener.onProgress(p);
    }

    long documents() {
        return documents;
    }

    Progress progress() {
        return new Progress(phase, entity, documents, total, batches, Duration.ofNanos(System.nanoTime() - start));
    }
}
