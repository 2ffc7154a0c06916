package dev.stratum.migrations.internal;

import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.migrations.event.MigrationListener;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The engine's validated, immutable configuration.
 *
 * @param target the store's history and lock
 * @param migrations the resolved migrations, by version
 * @param owner this engine's lock owner id
 * @param leaseTime how long a lease lasts unless renewed
 * @param heartbeatInterval how often the lease is renewed while running
 * @param lockWaitTimeout how long to wait for a lock held by another runner
 * @param pollInterval how often to retry while waiting
 * @param clock timestamps of history records and local lease-expiry checks
 * @param openTelemetry the tracing seam
 * @param listeners event listeners
 * @param outOfOrder whether versions older than the latest applied may still be applied
 * @param ignoreMissing whether applied migrations without a class are tolerated
 * @param progressInterval the least time between two progress reports of a step migration
 */
public record EngineSettings(MigrationTarget target, List<ResolvedMigration> migrations, String owner, Duration leaseTime,
        Duration heartbeatInterval, Duration lockWaitTimeout, Duration pollInterval, Clock clock, OpenTelemetry openTelemetry,
        List<MigrationListener> listeners, boolean outOfOrder, boolean ignoreMissing, Duration progressInterval) {

    public EngineSettings {
        migrations = List.copyOf(migrations);
        listeners = List.copyOf(listeners);
    }

    /** The store's system name, for messages, events and spans. */
    public String storeName() {
        return target.store().name();
    }
}
