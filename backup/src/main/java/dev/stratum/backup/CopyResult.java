package dev.stratum.backup;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link Backup#copy}.
 *
 * @param copied what was written, whether it resumed, and the source consistency
 * @param verification the verify of target against source, when {@link BackupOptions#verifyAfterCopy()}
 */
public record CopyResult(RestoreResult copied, @Nullable VerifyReport verification) {

    /** The verification, if one ran. */
    public Optional<VerifyReport> verified() {
        return Optional.ofNullable(verification);
    }
}
