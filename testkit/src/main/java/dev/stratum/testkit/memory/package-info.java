/**
 * The in-memory reference store: a faithful, thread-safe implementation of the whole Stratum SPI that
 * passes the entire compatibility kit, for unit-testing services without servers.
 */
@NullMarked
package dev.stratum.testkit.memory;

import org.jspecify.annotations.NullMarked;
