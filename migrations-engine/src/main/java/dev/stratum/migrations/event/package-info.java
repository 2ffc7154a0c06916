/**
 * Events of the migration engine: a {@link dev.stratum.migrations.event.MigrationListener} hears
 * each run and each migration start, succeed or fail.
 */
@NullMarked
package dev.stratum.migrations.event;

import org.jspecify.annotations.NullMarked;
