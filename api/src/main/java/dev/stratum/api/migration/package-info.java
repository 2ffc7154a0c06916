/**
 * The migration SPI: {@link dev.stratum.api.migration.Migration}s written by applications, and the
 * {@link dev.stratum.api.migration.MigrationTarget} each store implements (history and lease-lock
 * primitives). The engine that runs them is {@code stratum-migrations}.
 */
@NullMarked
package dev.stratum.api.migration;

import org.jspecify.annotations.NullMarked;
