/**
 * Building blocks of the migration scenarios and kits, for your own migration tests too: migrations
 * assembled from lambdas ({@link dev.stratum.testkit.migration.TestMigration}) and a target whose
 * heartbeat can be killed ({@link dev.stratum.testkit.migration.KillableTarget}). Needs
 * {@code stratum-migrations} on the test class path.
 */
@NullMarked
package dev.stratum.testkit.migration;

import org.jspecify.annotations.NullMarked;
