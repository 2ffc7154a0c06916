/**
 * Migrations taken from real services, written against repositories so they run on every store
 * (and on the in-memory store in these tests). See the module README for their native MongoDB and
 * Redis counterparts.
 */
@NullMarked
package dev.stratum.migrations.examples;

import org.jspecify.annotations.NullMarked;
