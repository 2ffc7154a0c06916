package dev.stratum.migrations;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Store;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargets;
import dev.stratum.migrations.event.MigrationListener;
import dev.stratum.migrations.internal.EngineSettings;
import dev.stratum.migrations.internal.MigrationResolver;
import dev.stratum.migrations.internal.ResolvedMigration;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Configures {@link Migrations}. Only {@link #target} is required; the migrations come from
 * {@link #migrations} and/or {@link #scan}. Everything is validated, and packages are scanned, at
 * {@link #build()}.
 *
 * <pre>{@code
 * Migrations migrations = Migrations.builder()
 *         .target(store)
 *         .scan("com.acme.migrations")
 *         .owner("orders-service@" + podName)      // default: host/pid/random
 *         .leaseTime(Duration.ofSeconds(30))        // renewed every leaseTime/3 while running
 *         .lockWaitTimeout(Duration.ofMinutes(5))
 *         .openTelemetry(openTelemetry)             // one span per migration
 *         .listener(MigrationListener.logging())
 *         .build();
 * }</pre>
 */
public final class MigrationsBuilder {
    private @Nullable MigrationTarget target;
    private final List<Migration> migrations = new ArrayList<>();
    private final List<String> packages = new ArrayList<>();
    private @Nullable ClassLoader classLoader;
    private @Nullable String owner;
    private Duration leaseTime = Duration.ofSeconds(30);
    private @Nullable Duration heartbeatInterval;
    private Duration lockWaitTimeout = Duration.ofMinutes(5);
    private Duration pollInterval = Duration.ofMillis(500);
    private Clock clock = Clock.systemUTC();
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private final List<MigrationListener> listeners = new ArrayList<>();
    private boolean outOfOrder;
    private boolean ignoreMissing;
    private Duration progressInterval = Duration.ofSeconds(5);

    MigrationsBuilder() {}

    /**
     * The store to migrate, through its {@link MigrationTargets#of(Store) migration target}.
     *
     * @throws dev.stratum.api.ConfigurationException if the store has none
     */
    public MigrationsBuilder target(Store store) {
        this.target = MigrationTargets.of(store);
        return this;
    }

    /** The store to migrate, given by its migration target (e.g. a decorated one). */
    public MigrationsBuilder target(MigrationTarget target) {
        this.target = Objects.requireNonNull(target, "target");
        return this;
    }

    /** Adds migrations explicitly (with {@link #scan} too, if you like; a class found twice counts once). */
    public MigrationsBuilder migrations(Migration... migrations) {
        return migrations(Arrays.asList(migrations));
    }

    /** Adds migrations explicitly. */
    public MigrationsBuilder migrations(Collection<? extends Migration> migrations) {
        migrations.forEach(m -> this.migrations.add(Objects.requireNonNull(m, "migration")));
        return this;
    }

    /**
     * Adds every {@link Migration} class in a package and its sub-packages on the class path: concrete,
     * top-level or static nested, with a no-argument constructor.
     */
    public MigrationsBuilder scan(String... packageNames) {
        for (String p : packageNames) {
            if (p == null || p.isBlank()) {
                throw new ConfigurationException("scan(...) needs a package name such as com.acme.migrations");
            }
            packages.add(p.trim());
        }
        return this;
    }

    /** The class loader to scan and load migrations with; default: the thread's context class loader. */
    public MigrationsBuilder classLoader(ClassLoader classLoader) {
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        return this;
    }

    /**
     * This engine's id as lock owner and as {@code installedBy} in the history. Default:
     * {@code host/pid/random}, unique per engine instance. Two engines must never share an id.
     */
    public MigrationsBuilder owner(String owner) {
        this.owner = owner;
        return this;
    }

    /** How long the lock lease lasts unless renewed (default 30 s): also how long a dead runner blocks others. */
    public MigrationsBuilder leaseTime(Duration leaseTime) {
        this.leaseTime = leaseTime;
        return this;
    }

    /** How often the heartbeat renews the lease while running (default: a third of the lease time). */
    public MigrationsBuilder heartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
        return this;
    }

    /** How long to wait for a lock another runner holds before failing (default 5 min). */
    public MigrationsBuilder lockWaitTimeout(Duration lockWaitTimeout) {
        this.lockWaitTimeout = lockWaitTimeout;
        return this;
    }

    /** How often to retry the lock while waiting (default 500 ms, plus a little jitter). */
    public MigrationsBuilder pollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
        return this;
    }

    /**
     * The clock of history timestamps and durations, and of the engine's local lease-expiry checks
     * (default UTC system clock). Lease expiry itself is decided by the store; a fixed clock only
     * makes timestamps deterministic in tests.
     */
    public MigrationsBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Where migration spans go (default {@link OpenTelemetry#noop()}). */
    public MigrationsBuilder openTelemetry(OpenTelemetry openTelemetry) {
        this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        return this;
    }

    /** Adds a listener of runs and migrations. */
    public MigrationsBuilder listener(MigrationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Whether a migration older than the latest applied one may still be applied (default false:
     * it is {@link MigrationState#IGNORED} and fails validation).
     */
    public MigrationsBuilder outOfOrder(boolean outOfOrder) {
        this.outOfOrder = outOfOrder;
        return this;
    }

    /** Whether applied migrations with no class are tolerated (default false: they fail validation). */
    public MigrationsBuilder ignoreMissingMigrations(boolean ignoreMissing) {
        this.ignoreMissing = ignoreMissing;
        return this;
    }

    /**
     * The least time between two progress reports of a {@link StepMigration}'s step to the listeners
     * (default 5 s; measured with {@link #clock}). The end of every step is always reported.
     */
    public MigrationsBuilder progressInterval(Duration progressInterval) {
        this.progressInterval = Objects.requireNonNull(progressInterval, "progressInterval");
        return this;
    }

    /**
     * Validates the configuration, scans the packages and resolves the migrations.
     *
     * @throws ConfigurationException if a setting is invalid
     * @throws dev.stratum.api.migration.MigrationException if a migration cannot be resolved (no
     *     version, two with one version, no usable constructor)
     */
    public Migrations build() {
        if (target == null) {
            throw new ConfigurationException("Migrations.builder().target(store) is required");
        }
        requirePositive("leaseTime", leaseTime);
        Duration heartbeat = heartbeatInterval != null ? heartbeatInterval : leaseTime.dividedBy(3);
        requirePositive("heartbeatInterval", heartbeat);
        if (heartbeat.compareTo(leaseTime) >= 0) {
            throw new ConfigurationException("heartbeatInterval (" + heartbeat + ") must be shorter than leaseTime (" + leaseTime
                    + "), or the lease expires between renewals");
        }
        requirePositive("pollInterval", pollInterval);
        if (progressInterval.isNegative()) {
            throw new ConfigurationException("progressInterval must be zero or positive, was " + progressInterval);
        }
        if (lockWaitTimeout == null || lockWaitTimeout.isNegative()) {
            throw new ConfigurationException("lockWaitTimeout must be zero or positive, was " + lockWaitTimeout);
        }
        if (owner != null && owner.isBlank()) {
            throw new ConfigurationException("owner must not be blank");
        }
        ClassLoader loader = classLoader != null ? classLoader
                : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
                : Migrations.class.getClassLoader();
        List<ResolvedMigration> resolved = MigrationResolver.resolve(migrations, packages, loader);
        String id = owner != null ? owner : defaultOwner();
        return new Migrations(new EngineSettings(target, resolved, id, leaseTime, heartbeat, lockWaitTimeout, pollInterval, clock,
                openTelemetry, listeners, outOfOrder, ignoreMissing, progressInterval));
    }

    private static void requirePositive(String name, @Nullable Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ConfigurationException(name + " must be positive, was " + d);
        }
    }

    private static String defaultOwner() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = System.getenv("COMPUTERNAME");
        }
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "unknown-host";
            }
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }
}
