/**
 * The in-process Firestore server behind {@link dev.stratum.testkit.firestore.FirestoreTestServer}: a gRPC
 * {@code google.firestore.v1.Firestore} service over versioned in-memory documents. Not for use by
 * applications; its types may change in any release.
 */
@NullMarked
package dev.stratum.testkit.firestore.internal;

import org.jspecify.annotations.NullMarked;
