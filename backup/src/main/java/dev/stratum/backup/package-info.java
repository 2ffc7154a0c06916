/**
 * Logical backup, restore, cross-store copy and verification of Stratum entities through the one
 * {@link dev.stratum.api.Repository} contract, so they work between any two stores. Start at
 * {@link dev.stratum.backup.Backup}.
 */
@NullMarked
package dev.stratum.backup;

import org.jspecify.annotations.NullMarked;
