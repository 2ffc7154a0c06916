package dev.stratum.testkit.fault;

import dev.stratum.testkit.fault.internal.ProxyEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A TCP proxy on loopback between a client and a server, for testing timeouts, retries and recovery:
 * it forwards bytes both ways and, on command, adds latency, limits bandwidth, resets connections,
 * black-holes traffic or refuses new connections. One Java NIO selector thread, no outside binary.
 *
 * <pre>{@code
 * RedisTestServer redis = RedisTestServer.shared();
 * try (FaultProxy proxy = FaultProxy.start(redis.host(), redis.port())) {
 *     RedisStore store = RedisStore.builder().uri(redis.uriThrough(proxy))  // redis://127.0.0.1:<proxy port>
 *             .commandTimeout(Duration.ofSeconds(1)).build();
 *     proxy.blackHole();                         // accepted, never answered
 *     assertThatThrownBy(() -> store.repository(Task.class).findById("t1"))
 *             .isInstanceOf(StoreTimeoutException.class);
 *     proxy.heal();                              // the store must recover by itself
 *     proxy.resetAfterBytes(Direction.SERVER_TO_CLIENT, 100);  // cut the next reply after 100 bytes
 * }
 * }</pre>
 *
 * <p>Faults, each until {@link #heal()}:
 *
 * <ul>
 *   <li>{@link #latency(Duration, Duration)}: every chunk of bytes waits {@code fixed + random(0..jitter)}
 *       before it is forwarded, in each direction (a request/reply round trip gains twice that); order is kept;
 *   <li>{@link #bandwidth(long)}: bytes per second, in each direction of each connection;
 *   <li>{@link #resetAll()}: now, every open connection is closed with a TCP reset on both sides;
 *   <li>{@link #resetAfterBytes(Direction, long)}: once {@code n} more bytes have been forwarded (counted over
 *       all connections from the call), the connection carrying the {@code n}-th byte is reset after exactly
 *       that byte, mid-request or mid-reply; one shot;
 *   <li>{@link #blackHole()}: new connections are accepted and never answered; on open ones everything is
 *       swallowed both ways. Healing resets the connections that lost bytes (their streams are broken);
 *   <li>{@link #refuseConnections()}: the listening port is closed, so connecting fails with "connection
 *       refused"; open connections are kept (combine with {@link #resetAll()} to imitate a dead server).
 * </ul>
 *
 * <p>Counters: {@link #openConnections()}, {@link #totalConnections()}, {@link #bytesToServer()},
 * {@link #bytesToClient()}, {@link #resets()}. Its thread is named {@code stratum-fault-proxy-<port>}, so
 * a thread-leak check can leave it out. Thread-safe; every method returns once the fault is in force.
 */
public final class FaultProxy implements AutoCloseable {
    /** The prefix of the proxy's thread name. */
    public static final String THREAD_NAME_PREFIX = "stratum-fault-proxy";

    private final ProxyEngine engine;
    private volatile boolean closed;

    private FaultProxy(ProxyEngine engine) {
        this.engine = engine;
    }

    /** A proxy on a free 127.0.0.1 port forwarding to {@code host:port}. */
    public static FaultProxy start(String host, int port) {
        return start(new InetSocketAddress(host, port));
    }

    /** A proxy on a free 127.0.0.1 port forwarding to {@code target}. */
    public static FaultProxy start(InetSocketAddress target) {
        return start(0, target);
    }

    /** A proxy on 127.0.0.1:{@code listenPort} (0 for a free one) forwarding to {@code target}. */
    public static FaultProxy start(int listenPort, InetSocketAddress target) {
        Objects.requireNonNull(target, "target");
        if (listenPort < 0 || listenPort > 65_535) {
            throw new IllegalArgumentException("listenPort must be 0..65535, was " + listenPort);
        }
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort);
        return new FaultProxy(new ProxyEngine(bind, target, THREAD_NAME_PREFIX));
    }

    /**
     * A proxy in front of the (single) server a URI names, e.g. {@code mongodb://127.0.0.1:27017/db},
     * {@code redis://127.0.0.1:6379} or {@code http://127.0.0.1:9200}; see {@link #rewrite(String)} for the
     * URI clients then use.
     */
    public static FaultProxy startFor(String uri) {
        String[] parts = authority(uri);
        String hostPort = parts[1];
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? defaultPort(parts[0]) : Integer.parseInt(hostPort.substring(colon + 1));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return start(host, port);
    }

    /**
     * {@code uri} with its host and port replaced by this proxy's, keeping scheme, user information, path and
     * options: {@code redis://u:p@10.0.0.5:6379/0} becomes {@code redis://u:p@127.0.0.1:<proxy port>/0}.
     */
    public String rewrite(String uri) {
        String[] parts = authority(uri);
        int start = uri.indexOf("://") + 3;
        String authority = uri.substring(start, start + Integer.parseInt(parts[2]));
        int at = authority.lastIndexOf('@');
        String user = at < 0 ? "" : authority.substring(0, at + 1);
        return uri.substring(0, start) + user + hostAndPort() + uri.substring(start + authority.length());
    }

    /** scheme, host[:port] and the authority's length; refuses URIs with several hosts. */
    private static String[] authority(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("not a URI with a host (no '://')");
        }
        int start = schemeEnd + 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(start, end);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.contains(",")) {
            throw new IllegalArgumentException("a fault proxy stands in front of one server; the URI names several hosts");
        }
        return new String[] {uri.substring(0, schemeEnd), hostPort, String.valueOf(authority.length())};
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "mongodb" -> 27017;
            case "redis", "rediss" -> 6379;
            case "http" -> 80;
            case "https" -> 443;
            default -> throw new IllegalArgumentException("no port in the URI and no default port for scheme " + scheme);
        };
    }

    /** {@code 127.0.0.1}: where clients connect. */
    public String host() {
        return engine.listenAddress().getAddress().getHostAddress();
    }

    /** The port clients connect to. */
    public int port() {
        return engine.listenAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String hostAndPort() {
        return host() + ":" + port();
    }

    /** Where the proxy forwards to. */
    public InetSocketAddress target() {
        return engine.target();
    }

    /** Forwards new connections to {@code newTarget} (e.g. a server restarted on another port); open ones are kept. */
    public FaultProxy retarget(InetSocketAddress newTarget) {
        engine.target(Objects.requireNonNull(newTarget, "newTarget"));
        return this;
    }

    /** Delays every forwarded chunk by {@code fixed}, in each direction. */
    public FaultProxy latency(Duration fixed) {
        return latency(fixed, Duration.ZERO);
    }

    /** Delays every forwarded chunk by {@code fixed} plus a uniform random {@code 0..jitter}, in each direction. */
    public FaultProxy latency(Duration fixed, Duration jitter) {
        if (fixed.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("latency and jitter must not be negative");
        }
        engine.latency(fixed.toNanos(), jitter.toNanos());
        return this;
    }

    /** Limits each direction of each connection to {@code bytesPerSecond} (0: unlimited). */
    public FaultProxy bandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must not be negative");
        }
        engine.bandwidth(bytesPerSecond);
        return this;
    }

    /** Resets every open connection now (TCP RST to both client and server); returns how many. */
    public int resetAll() {
        return engine.resetAll();
    }

    /** Resets the connection that carries the {@code bytes}-th next byte going {@code direction}, right after it. One shot. */
    public FaultProxy resetAfterBytes(Direction direction, long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be at least 1, was " + bytes);
        }
        engine.resetAfter(bytes, switch (direction) {
            case ANY -> 0;
            case CLIENT_TO_SERVER -> 1;
            case SERVER_TO_CLIENT -> 2;
        });
        return this;
    }

    /** Accepts connections but forwards nothing, either way, on new and open connections. */
    public FaultProxy blackHole() {
        engine.blackHole(true);
        return this;
    }

    /** Closes the listening port: new connections are refused; open ones are kept. */
    public FaultProxy refuseConnections() {
        engine.refuse(true);
        return this;
    }

    /** Imitates a dead server: refuses new connections and resets every open one. */
    public FaultProxy down() {
        refuseConnections();
        resetAll();
        return this;
    }

    /**
     * Removes every fault: no latency, no bandwidth limit, no pending reset, no black hole (connections that
     * lost bytes in it are reset), new connections accepted again on the same port.
     */
    public FaultProxy heal() {
        engine.heal();
        return this;
    }

    /** Connections open now. */
    public int openConnections() {
        return engine.openConnections();
    }

    /** Connections accepted since the start. */
    public long totalConnections() {
        return engine.totalConnections();
    }

    /** Bytes forwarded from clients to the server. */
    public long bytesToServer() {
        return engine.bytesToServer();
    }

    /** Bytes forwarded from the server to clients. */
    public long bytesToClient() {
        return engine.bytesToClient();
    }

    /** Connections the proxy reset (by command, after N bytes, or because a peer failed). */
    public long resets() {
        return engine.resets();
    }

    /** Stops the proxy: resets every connection and closes the port. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            engine.shutdown();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + hostAndPort() + " -> " + target().getHostString() + ":" + target().getPort()
                + ", open " + openConnections() + "]";
    }
}
