package dev.stratum.backup;

/**
 * Observes a job. Called on the job's thread; an exception thrown here aborts the job (a restore or
 * copy keeps its checkpoint, so running it again resumes after the last completed batch).
 *
 * <pre>{@code
 * BackupListener log = new BackupListener() {
 *     @Override public void onProgress(Progress p) { System.out.println(p); }
 * };
 * }</pre>
 */
public interface BackupListener {

    /** At most once per {@link BackupOptions#progressInterval()}, and when a type is done. */
    default void onProgress(Progress progress) {}

    /** After each batch written to the target and recorded in the checkpoint. */
    default void onBatchWritten(Progress progress) {}

    /** Listens to nothing. */
    static BackupListener none() {
        return new BackupListener() {};
    }
}
