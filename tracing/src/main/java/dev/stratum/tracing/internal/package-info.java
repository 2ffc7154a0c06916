/** Implementation of the tracing decorator; not for use by applications. */
@NullMarked
package dev.stratum.tracing.internal;

import org.jspecify.annotations.NullMarked;
