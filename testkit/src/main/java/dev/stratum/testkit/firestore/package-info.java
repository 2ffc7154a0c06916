/**
 * Firestore servers for tests, resolved in the order the design fixes: an emulator given by
 * {@code FIRESTORE_EMULATOR_HOST} (or {@code -Dstratum.firestore.emulatorHost}) → Google's emulator in
 * Testcontainers when Docker is available → the in-process {@link dev.stratum.testkit.firestore.FirestoreTestServer}
 * (a gRPC {@code google.firestore.v1.Firestore} server in this JVM).
 *
 * <pre>{@code
 * FirestoreTestServer server = FirestoreTestServer.shared();            // one per JVM, stopped at exit
 * Firestore db = server.client(FirestoreTestServer.uniqueProjectId("orders"));
 * }</pre>
 *
 * <p>Or let JUnit inject it with {@link dev.stratum.testkit.firestore.FirestoreServerExtension}. Needs
 * {@code com.google.cloud:google-cloud-firestore} on the test class path (and
 * {@code org.testcontainers:testcontainers-gcloud} for the container).
 */
@NullMarked
package dev.stratum.testkit.firestore;

import org.jspecify.annotations.NullMarked;
