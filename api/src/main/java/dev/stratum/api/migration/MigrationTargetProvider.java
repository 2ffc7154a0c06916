package dev.stratum.api.migration;

/**
 * Implemented by a {@link dev.stratum.api.Store} that can keep a migration history and lease lock, so
 * the migration SPI stays off the core {@code Store} interface. Find a store's target with
 * {@link MigrationTargets#of(dev.stratum.api.Store)}; each store has one implementation.
 *
 * <pre>{@code
 * public final class MyStore extends AbstractStore implements MigrationTargetProvider {
 *     private final MyMigrationTarget migrationTarget = new MyMigrationTarget(this);
 *     public MigrationTarget migrationTarget() { return migrationTarget; }
 * }
 * }</pre>
 */
public interface MigrationTargetProvider {

    /** The store's implementation of the migration SPI (history and lock); the same instance every call. */
    MigrationTarget migrationTarget();
}
