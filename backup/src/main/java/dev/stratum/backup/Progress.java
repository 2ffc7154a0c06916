package dev.stratum.backup;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A progress report of one job on one entity type.
 *
 * @param phase {@code export}, {@code validate}, {@code restore}, {@code copy} or {@code verify}
 * @param entity the entity (collection) name
 * @param documents documents done so far for this type
 * @param total documents expected for this type, or -1 when unknown
 * @param batches batches completed so far for this type (writes only)
 * @param elapsed time since this type started
 */
public record Progress(String phase, String entity, long documents, long total, long batches, Duration elapsed) {

    /** Documents per second so far. */
    public double rate() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : documents / s;
    }

    /** Estimated time to finish this type, when the total is known and progress was made. */
    public Optional<Duration> eta() {
        double r = rate();
        if (total < 0 || r <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (Math.max(0, total - documents) / r * 1000)));
    }

    @Override
    public String toString() {
        return phase + " " + entity + ": " + documents + (total >= 0 ? "/" + total : "") + " docs, "
                + String.format(Locale.ROOT, "%.0f", rate()) + " docs/s"
                + eta().map(e -> ", ETA " + e.toSeconds() + " s").orElse("");
    }
}
