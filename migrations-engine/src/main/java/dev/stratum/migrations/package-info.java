/**
 * Stratum's migration engine: versioned Java {@link dev.stratum.api.migration.Migration}s applied to
 * any store through its {@link dev.stratum.api.migration.MigrationTarget}, with one lease-lock
 * protocol (heartbeat, fencing token, takeover of an expired lease) on every store.
 *
 * <pre>{@code
 * Migrations migrations = Migrations.builder()
 *         .target(store)
 *         .scan("com.acme.migrations")
 *         .build();
 * MigrationPlan plan = migrations.plan();        // dry run
 * MigrationResult result = migrations.migrate(); // validate, lock, apply pending, release
 * }</pre>
 *
 * <p>Start with {@link dev.stratum.migrations.Migrations}.
 */
@NullMarked
package dev.stratum.migrations;

import org.jspecify.annotations.NullMarked;
