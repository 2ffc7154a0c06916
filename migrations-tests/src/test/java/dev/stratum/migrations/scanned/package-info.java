/** Migration classes found by the class-path scanning tests (and things that must not be taken). */
@NullMarked
package dev.stratum.migrations.scanned;

import org.jspecify.annotations.NullMarked;
