/**
 * The MongoDB store of Stratum, on {@code org.mongodb:mongodb-driver-sync}.
 *
 * <pre>{@code
 * try (MongoStore store = MongoStore.builder().uri("mongodb://localhost:27017/tracker").build()) {
 *     Repository<Task, String> tasks = store.repository(Task.class);
 *     tasks.insert(new Task(null, "Write docs", Status.OPEN, 2, List.of("docs"), 0));
 *     MongoCollection<Document> native = tasks.unwrap(MongoCollection.class);
 * }
 * }</pre>
 *
 * <p>{@link dev.stratum.store.mongo.MongoStore} is the entry point; its configuration is the immutable
 * {@link dev.stratum.store.mongo.MongoStoreConfig}, per-entity overrides are
 * {@link dev.stratum.store.mongo.MongoRepositoryOptions}. {@code Stores.open("mongodb://…")} finds the
 * store through {@link dev.stratum.store.mongo.MongoStoreProvider}.
 */
@NullMarked
package dev.stratum.store.mongo;

import org.jspecify.annotations.NullMarked;
