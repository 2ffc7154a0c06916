/**
 * Stratum's public API: one {@link dev.stratum.api.Repository} contract for MongoDB, Redis,
 * Elasticsearch and Firestore.
 *
 * <p>Start with {@link dev.stratum.api.Stores#open(String)} or a store's own builder, annotate an
 * entity with {@link dev.stratum.api.Entity} and {@link dev.stratum.api.Id}, and ask the store for a
 * repository:
 *
 * <pre>{@code
 * @Entity("tasks")
 * record Task(@Id String id, @Indexed String status, @Indexed int priority, @Version long version) {}
 *
 * try (Store store = Stores.open("mongodb://localhost/tracker")) {
 *     Repository<Task, String> tasks = store.repository(Task.class);
 *     Task saved = tasks.insert(new Task(null, "OPEN", 2, 0));
 *     List<Task> urgent = tasks.find(Query.where(Filter.gte("priority", 2)).sortBy(Sort.desc("priority")).limit(20));
 * }
 * }</pre>
 */
@NullMarked
package dev.stratum.api;

import org.jspecify.annotations.NullMarked;
