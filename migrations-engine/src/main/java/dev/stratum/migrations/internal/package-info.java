/**
 * Implementation of the migration engine: class-path scanning, checksums, the lock protocol and the
 * runner. Not API: may change in any release.
 */
@NullMarked
package dev.stratum.migrations.internal;

import org.jspecify.annotations.NullMarked;
