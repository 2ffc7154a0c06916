/** The fault proxy's selector loop and per-connection state; use {@link dev.stratum.testkit.fault.FaultProxy}. */
@NullMarked
package dev.stratum.testkit.fault.internal;

import org.jspecify.annotations.NullMarked;
