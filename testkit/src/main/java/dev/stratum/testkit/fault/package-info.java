/**
 * Fault injection for tests: {@link dev.stratum.testkit.fault.FaultProxy}, a TCP proxy on loopback that
 * sits between a client and a test server and adds latency, limits bandwidth, resets connections, black-holes
 * traffic or refuses connections on command.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("127.0.0.1", 6379)) {
 *     RedisStore store = RedisStore.builder().uri("redis://" + proxy.hostAndPort()).build();
 *     proxy.latency(Duration.ofSeconds(5));   // slower than the store's timeout
 *     proxy.heal();                           // everything normal again
 * }
 * }</pre>
 */
@NullMarked
package dev.stratum.testkit.fault;

import org.jspecify.annotations.NullMarked;
