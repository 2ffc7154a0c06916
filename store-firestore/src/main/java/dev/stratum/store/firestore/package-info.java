/**
 * Stratum on Google Cloud Firestore: one collection per entity, native queries where Firestore's
 * semantics equal the contract's and a client-side check where they differ, optimistic locking by
 * {@code update_time} preconditions, unique indexes by reservation documents in transactions, TTL,
 * and the migration target.
 *
 * <pre>{@code
 * try (FirestoreStore store = FirestoreStore.open("firestore://my-project?emulatorHost=localhost:8080")) {
 *     Repository<Task, String> tasks = store.repository(Task.class);
 *     tasks.find(Query.where(Filter.eq("status", "OPEN")).limit(20));
 * }
 * }</pre>
 */
@NullMarked
package dev.stratum.store.firestore;

import org.jspecify.annotations.NullMarked;
