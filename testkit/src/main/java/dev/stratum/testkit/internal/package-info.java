/** Datasets and assertions shared by the compatibility kit's groups; not for use by applications. */
@NullMarked
package dev.stratum.testkit.internal;

import org.jspecify.annotations.NullMarked;
