package dev.stratum.migrations.internal;

import dev.stratum.api.migration.MigrationTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.migrations.MigrationLockException;
import dev.stratum.testkit.memory.InMemoryStore;
import dev.stratum.testkit.migration.ForwardingMigrationTarget;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

class LockProtocolTest {
    final InMemoryStore store = InMemoryStore.create();

    /** Forwards to the in-memory target; renewals can be made to be refused, as after a takeover. */
    static final class RefusingTarget extends ForwardingMigrationTarget {
        final AtomicBoolean refuseRenewals = new AtomicBoolean();

        RefusingTarget(MigrationTarget delegate) {
            super(delegate);
        }

        @Override
        public Optional<Lease> renew(Lease lease, Duration leaseTime) {
            return refuseRenewals.get() ? Optional.empty() : super.renew(lease, leaseTime);
        }
    }

    EngineSettings settings(MigrationTarget target, Duration lockWait) {
        return new EngineSettings(target, List.of(), "me", Duration.ofMillis(300), Duration.ofMillis(50), lockWait, Duration.ofMillis(20),
                Clock.systemUTC(), OpenTelemetry.noop(), List.of(), false, false, Duration.ofSeconds(5));
    }

    @Test
    void acquiresRenewsAndReleases() throws InterruptedException {
        Lease first;
        try (LeaseKeeper keeper = LockProtocol.acquire(settings(MigrationTargets.of(store), Duration.ZERO))) {
            first = keeper.lease();
            assertThat(first.owner()).isEqualTo("me");
            // wait for a renewal: the lease's expiry moves on while the token stays
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!keeper.lease().expiresAt().isAfter(first.expiresAt()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(keeper.lease().expiresAt()).isAfter(first.expiresAt());
            assertThat(keeper.lease().token()).isEqualTo(first.token());
            keeper.checkLease();
        }
        assertThat(MigrationTargets.of(store).currentLease()).as("released on close").isEmpty();
    }

    @Test
    void aRefusedRenewalMeansTheLeaseIsLost() throws InterruptedException {
        RefusingTarget target = new RefusingTarget(MigrationTargets.of(store));
        try (LeaseKeeper keeper = LockProtocol.acquire(settings(target, Duration.ZERO))) {
            target.refuseRenewals.set(true);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!keeper.isLost() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(keeper.isLost()).isTrue();
            assertThatThrownBy(keeper::checkLease).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("lost by 'me'").hasMessageContaining("renewal refused");
            assertThatThrownBy(keeper::lease).isInstanceOf(LeaseLostException.class);
        }
    }

    @Test
    void aLostLeaseIsCountedForTheAlertRule() throws InterruptedException {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build()) {
            RefusingTarget target = new RefusingTarget(MigrationTargets.of(store));
            EngineSettings s = settings(target, Duration.ZERO);
            EngineSettings traced = new EngineSettings(s.target(), s.migrations(), s.owner(), s.leaseTime(), s.heartbeatInterval(),
                    s.lockWaitTimeout(), s.pollInterval(), s.clock(), otel, s.listeners(), s.outOfOrder(), s.ignoreMissing(), s.progressInterval());
            try (LeaseKeeper keeper = LockProtocol.acquire(traced)) {
                target.refuseRenewals.set(true);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!keeper.isLost() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(keeper.isLost()).isTrue();
            }
            // docs/observability/stratum-alerts.yml alerts on stratum_migration_lease_lost_total by db_system_name
            assertThat(reader.collectAllMetrics()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("stratum.migration.lease.lost");
                assertThat(m.getType()).isEqualTo(MetricDataType.LONG_SUM);
                assertThat(m.getLongSumData().getPoints()).singleElement().satisfies(p -> {
                    assertThat(p.getValue()).isEqualTo(1);
                    assertThat(p.getAttributes().get(AttributeKey.stringKey("db.system.name")))
                            .isEqualTo(store.name());
                });
            });
        }
    }

    @Test
    void zeroWaitFailsAtOnceWhenHeld() {
        Lease other = MigrationTargets.of(store).tryAcquire("other", Duration.ofSeconds(30)).orElseThrow();
        assertThatThrownBy(() -> LockProtocol.acquire(settings(MigrationTargets.of(store), Duration.ZERO)))
                .isInstanceOf(MigrationLockException.class).hasMessageContaining("within 0 s").hasMessageContaining("'other'");
        MigrationTargets.of(store).release(other);
    }

    @Test
    void interruptionWhileWaitingStopsTheWait() {
        var unused = MigrationTargets.of(store).tryAcquire("other", Duration.ofSeconds(30)).orElseThrow(); // held by another owner
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> LockProtocol.acquire(settings(MigrationTargets.of(store), Duration.ofSeconds(30))))
                    .isInstanceOf(MigrationLockException.class).hasMessageContaining("interrupted while waiting");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
