/** Implementation of the tracing decorator; not for use by applications. */
@NullMarked
package dev.stratum.api.tracing.internal;

import org.jspecify.annotations.NullMarked;
