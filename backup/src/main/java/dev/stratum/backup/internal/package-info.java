/** Implementation of {@code dev.stratum.backup}: archive files, checkpoints, progress, the four jobs. */
@NullMarked
package dev.stratum.backup.internal;

import org.jspecify.annotations.NullMarked;
