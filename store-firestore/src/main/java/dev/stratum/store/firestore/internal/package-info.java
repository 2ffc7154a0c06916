/** Implementation of the Firestore store: value mapping, query planning, writes, migration target. Not API. */
@NullMarked
package dev.stratum.store.firestore.internal;

import org.jspecify.annotations.NullMarked;
