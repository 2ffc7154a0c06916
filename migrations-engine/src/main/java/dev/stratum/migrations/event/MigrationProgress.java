package dev.stratum.migrations.event;

import dev.stratum.api.migration.MigrationVersion;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How far a {@link dev.stratum.migrations.StepMigration} got, reported to
 * {@link MigrationListener#progress} at a bounded rate (see {@code MigrationsBuilder.progressInterval})
 * and once at the end of every step.
 *
 * @param version the migration
 * @param step the step's index, from 0
 * @param steps how many steps the migration has
 * @param description the step's canonical form, e.g. {@code addField(users, role, "user")}
 * @param done entities written by this step so far (including those before a resumed checkpoint)
 * @param estimatedTotal the step's count estimate (a count query when the step started); -1 if unknown
 * @param perSecond entities per second since this runner started the step
 * @param remaining the estimated time left for the step, null when unknown
 * @param resumed whether this runner resumed the step from another runner's checkpoint
 * @param finished whether the step is complete
 */
public record MigrationProgress(MigrationVersion version, int step, int steps, String description, long done, long estimatedTotal,
        double perSecond, @Nullable Duration remaining, boolean resumed, boolean finished) {

    @Override
    public String toString() {
        String eta = remaining == null ? "?" : remaining.toSeconds() + " s";
        return version + " step " + (step + 1) + "/" + steps + " " + description + ": " + done
                + (estimatedTotal >= 0 ? "/" + estimatedTotal : "") + " done, " + String.format(Locale.ROOT, "%.1f", perSecond)
                + "/s, ETA " + eta + (resumed ? " (resumed from a checkpoint)" : "") + (finished ? " [step done]" : "");
    }
}
