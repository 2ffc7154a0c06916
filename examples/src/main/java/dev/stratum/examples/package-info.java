/** Runnable examples: the README quickstart. */
@NullMarked
package dev.stratum.examples;

import org.jspecify.annotations.NullMarked;
