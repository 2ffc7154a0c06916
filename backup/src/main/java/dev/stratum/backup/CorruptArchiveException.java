package dev.stratum.backup;

import org.jspecify.annotations.Nullable;

/**
 * The archive is incomplete, truncated or altered (checksum, count, gzip or JSON structure): the
 * restore was refused before anything was written.
 */
public class CorruptArchiveException extends BackupException {
    private static final long serialVersionUID = 1L;

    public CorruptArchiveException(String message) {
        super(message);
    }

    public CorruptArchiveException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
