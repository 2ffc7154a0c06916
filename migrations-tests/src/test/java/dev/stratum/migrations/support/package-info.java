/** Test support of the migration engine: lambda migrations, a killable target, a runtime compiler. */
@NullMarked
package dev.stratum.migrations.support;

import org.jspecify.annotations.NullMarked;
