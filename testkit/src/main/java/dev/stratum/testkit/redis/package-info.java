/**
 * Redis servers for tests, resolved in the order the design fixes: an explicit URI
 * ({@code STRATUM_REDIS_URI} or {@code -Dstratum.redis.uri}) → Testcontainers ({@code redis:7}) when
 * Docker is available → {@code redis-server} on the {@code PATH}, started on a free loopback port →
 * the Redis 6.2 binary of {@code com.github.codemonstur:embedded-redis}. Plus a three-node cluster
 * ({@link dev.stratum.testkit.redis.RedisTestCluster}), a master with a Sentinel
 * ({@link dev.stratum.testkit.redis.RedisTestSentinel}) and a TLS server with a CA generated for the
 * test ({@link dev.stratum.testkit.redis.RedisTlsServer}). Every process started is stopped by its PID.
 *
 * <pre>{@code
 * RedisTestServer redis = RedisTestServer.shared();          // one per JVM, stopped at exit
 * RedisStore store = RedisStore.builder().uri(redis.uri()).build();
 * }</pre>
 */
@NullMarked
package dev.stratum.testkit.redis;

import org.jspecify.annotations.NullMarked;
