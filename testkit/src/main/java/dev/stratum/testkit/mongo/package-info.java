/**
 * MongoDB servers for tests, resolved in the order the design fixes: an explicit URI
 * ({@code STRATUM_MONGODB_URI} or {@code -Dstratum.mongodb.uri}) → Testcontainers ({@code mongo:7.0}, a
 * single-node replica set, so transactions work) when Docker is available → the in-process
 * {@code de.bwaldvogel:mongo-java-server} (memory backend, oplog enabled).
 *
 * <pre>{@code
 * MongoTestServer mongo = MongoTestServer.shared();                 // one per JVM, stopped at exit
 * MongoStore store = MongoStore.builder().uri(mongo.uri(MongoTestServer.uniqueDatabase("orders"))).build();
 * mongo.assumeRealMongoDB("TTL expiry");                            // skips, saying why, on mongo-java-server
 * }</pre>
 *
 * <p>Or let JUnit inject it with {@link dev.stratum.testkit.mongo.MongoServerExtension}.
 */
@NullMarked
package dev.stratum.testkit.mongo;

import org.jspecify.annotations.NullMarked;
