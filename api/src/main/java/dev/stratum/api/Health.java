package dev.stratum.api;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link Store#health()}.
 *
 * @param up whether the store answered
 * @param latency round-trip time of the check
 * @param serverVersion the server's version when known
 * @param details store-specific facts (never credentials)
 * @param error why the store is down, when it is
 */
public record Health(boolean up, Duration latency, @Nullable String serverVersion, Map<String, Object> details,
        @Nullable String error) {
    public Health {
        details = Map.copyOf(details);
    }

    public static Health up(Duration latency, @Nullable String serverVersion, Map<String, Object> details) {
        return new Health(true, latency, serverVersion, details, null);
    }

    public static Health down(Duration latency, String error) {
        return new Health(false, latency, null, Map.of(), error);
    }
}
