/** A sub-package: scanning is recursive. */
@NullMarked
package dev.stratum.migrations.scanned.more;

import org.jspecify.annotations.NullMarked;
