/**
 * Stratum on Redis: entities as JSON documents with secondary indexes kept atomically in Lua,
 * server-side query planning over those indexes, optimistic locking, TTL without dangling index
 * entries, Redis Cluster, TLS, the migration target and the cache decorator's L2.
 *
 * <pre>{@code
 * try (RedisStore store = RedisStore.builder().uri("redis://localhost:6379").build()) {
 *     Repository<Task, String> tasks = store.repository(Task.class);
 *     tasks.find(Query.where(Filter.eq("status", "OPEN")).sortBy(Sort.desc("priority")).limit(20));
 * }
 * }</pre>
 *
 * <p>See the module's README for the key layout, the supported queries and their cost.
 */
@NullMarked
package dev.stratum.store.redis;

import org.jspecify.annotations.NullMarked;
