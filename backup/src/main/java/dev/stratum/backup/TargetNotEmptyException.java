package dev.stratum.backup;

/** {@link RestoreMode#REFUSE_IF_NOT_EMPTY} found entities in the target; nothing was written. */
public class TargetNotEmptyException extends BackupException {
    private static final long serialVersionUID = 1L;

    public TargetNotEmptyException(String message) {
        super(message);
    }
}
