/** Implementation details of the API module; not for use by applications. */
@NullMarked
package dev.stratum.api.internal;

import org.jspecify.annotations.NullMarked;
