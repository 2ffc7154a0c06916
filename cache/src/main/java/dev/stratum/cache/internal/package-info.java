/** Implementation of the caching decorator; not for use by applications. */
@NullMarked
package dev.stratum.cache.internal;

import org.jspecify.annotations.NullMarked;
