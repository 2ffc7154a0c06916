/**
 * Implementation of the MongoDB store: the repository, filter translation, the BSON codec of neutral
 * documents, index creation, error translation, the migration target. Not an API: anything here may
 * change in any release.
 */
@NullMarked
package dev.stratum.store.mongo.internal;

import org.jspecify.annotations.NullMarked;
