/**
 * Building blocks of the migration scenarios and kits, for your own migration tests too: migrations
 * assembled from lambdas ({@link dev.stratum.testkit.migration.TestMigration}) and a target whose
 * heartbeat can be killed ({@link dev.stratum.testkit.migration.KillableTarget}), a base for targets that
 * forward every call and change a few ({@link dev.stratum.testkit.migration.ForwardingMigrationTarget}), and the project's example
 * step migrations ({@code V1__Add_user_role}, {@code V2__Add_task_tags}) the steps kit runs on every store. Needs
 * {@code stratum-migrations} on the test class path.
 */
@NullMarked
package dev.stratum.testkit.migration;

import org.jspecify.annotations.NullMarked;
