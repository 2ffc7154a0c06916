package dev.stratum.testkit.redis;

import dev.stratum.testkit.fault.FaultProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A three-master Redis Cluster for tests: an explicit seed list ({@code STRATUM_REDIS_CLUSTER_URI} or
 * {@code -Dstratum.redis.cluster.uri}, e.g. {@code redis-cluster://h1:7000,h2:7001}), else three
 * {@code redis-server --cluster-enabled yes} processes on free loopback ports joined with
 * {@code redis-cli --cluster create … --cluster-replicas 0}. Aborts the test when neither is possible.
 *
 * <pre>{@code
 * RedisTestCluster cluster = RedisTestCluster.shared();
 * RedisStore store = RedisStore.builder().uri(cluster.uri()).build();   // redis-cluster://127.0.0.1:p1,...
 * }</pre>
 */
public final class RedisTestCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTestCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static @Nullable RedisTestCluster shared;

    private final List<Integer> ports;
    private final List<String> hosts;
    private final List<RedisProcess> processes;
    private final boolean closeable;
    private final List<FaultProxy> proxies;

    private RedisTestCluster(List<String> hosts, List<Integer> ports, List<RedisProcess> processes, boolean closeable) {
        this(hosts, ports, processes, closeable, List.of());
    }

    private RedisTestCluster(List<String> hosts, List<Integer> ports, List<RedisProcess> processes, boolean closeable,
            List<FaultProxy> proxies) {
        this.hosts = List.copyOf(hosts);
        this.ports = List.copyOf(ports);
        this.processes = List.copyOf(processes);
        this.closeable = closeable;
        this.proxies = List.copyOf(proxies);
    }

    /** The JVM-wide cluster, started on first use and stopped at exit; {@link #close()} on it does nothing. */
    public static synchronized RedisTestCluster shared() {
        if (shared == null) {
            RedisTestCluster c = start();
            shared = new RedisTestCluster(c.hosts, c.ports, c.processes, false);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> c.processes.forEach(RedisProcess::stop), "stratum-redis-cluster-stop"));
        }
        return shared;
    }

    /** A new cluster owned by the caller (or the explicit one, which is never stopped). */
    public static RedisTestCluster start() {
        String explicit = System.getenv("STRATUM_REDIS_CLUSTER_URI");
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getProperty("stratum.redis.cluster.uri");
        }
        if (explicit != null && !explicit.isBlank()) {
            return external(explicit.trim());
        }
        Path server = RedisTestServer.requireOnPath("redis-server");
        Path cli = RedisTestServer.requireOnPath("redis-cli");
        List<RedisProcess> started = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                int port = RedisProcess.freePort(true);
                started.add(RedisProcess.start(server, port, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "3000"), START_TIMEOUT));
                ports.add(port);
            }
            create(cli, ports);
            awaitOk(ports);
            LOG.info("started a 3-node Redis Cluster on 127.0.0.1 ports {}", ports);
            return new RedisTestCluster(List.of("127.0.0.1", "127.0.0.1", "127.0.0.1"), ports, started, true);
        } catch (RuntimeException e) {
            started.forEach(RedisProcess::stop);
            throw e;
        }
    }

    /**
     * A new three-master cluster owned by the caller whose every node is reached through a {@link FaultProxy} of
     * its own: each node announces its proxy's port ({@code --cluster-announce-port}, so {@code CLUSTER SLOTS}
     * and {@code MOVED} name the proxies and a cluster client never bypasses them) and its real bus port (the
     * nodes gossip directly). {@link #uri()} and {@link #ports()} name the proxies; {@link #nodePorts()} the nodes.
     *
     * <pre>{@code
     * try (RedisTestCluster cluster = RedisTestCluster.startBehindFaultProxies()) {
     *     RedisStore store = RedisStore.builder().uri(cluster.uri()).build();
     *     cluster.faultProxies().get(0).blackHole();   // the node owning slots 0..5460 stops answering
     * }
     * }</pre>
     */
    public static RedisTestCluster startBehindFaultProxies() {
        Path server = RedisTestServer.requireOnPath("redis-server");
        Path cli = RedisTestServer.requireOnPath("redis-cli");
        List<RedisProcess> started = new ArrayList<>();
        List<FaultProxy> proxies = new ArrayList<>();
        List<Integer> nodePorts = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                int port = RedisProcess.freePort(true);
                FaultProxy proxy = FaultProxy.start("127.0.0.1", port);
                proxies.add(proxy);
                started.add(RedisProcess.start(server, port, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "3000", "--cluster-announce-ip", "127.0.0.1",
                        "--cluster-announce-port", String.valueOf(proxy.port()),
                        "--cluster-announce-bus-port", String.valueOf(port + 10_000)), START_TIMEOUT));
                nodePorts.add(port);
            }
            create(cli, nodePorts);
            awaitOk(nodePorts);
            List<Integer> proxyPorts = proxies.stream().map(FaultProxy::port).toList();
            LOG.info("started a 3-node Redis Cluster on 127.0.0.1 ports {} behind fault proxies on {}", nodePorts, proxyPorts);
            return new RedisTestCluster(List.of("127.0.0.1", "127.0.0.1", "127.0.0.1"), proxyPorts, started, true, proxies);
        } catch (RuntimeException e) {
            started.forEach(RedisProcess::stop);
            proxies.forEach(FaultProxy::close);
            throw e;
        }
    }

    /** The fault proxy in front of each node, in the order of {@link #nodeUris()} (empty unless {@link #startBehindFaultProxies()}). */
    public List<FaultProxy> faultProxies() {
        return proxies;
    }

    /** The nodes' own ports (behind the proxies when there are any; else the same as {@link #ports()}). */
    public List<Integer> nodePorts() {
        return proxies.isEmpty() ? ports : processes.stream().map(RedisProcess::port).toList();
    }

    private static RedisTestCluster external(String uri) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        List<String> hosts = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (String hp : rest.split("[/?]")[0].split(",")) {
            int colon = hp.lastIndexOf(':');
            hosts.add(hp.substring(hp.indexOf('@') + 1, colon));
            ports.add(Integer.parseInt(hp.substring(colon + 1)));
        }
        return new RedisTestCluster(hosts, ports, List.of(), false);
    }

    private static void create(Path cli, List<Integer> ports) {
        List<String> cmd = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        ports.forEach(p -> cmd.add("127.0.0.1:" + p));
        cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-cli", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void awaitOk(List<Integer> ports) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (int port : ports) {
                try {
                    Object info = RespProbe.call("127.0.0.1", port, "CLUSTER", "INFO");
                    ok &= info != null && info.toString().contains("cluster_state:ok");
                } catch (IOException e) {
                    ok = false;
                }
            }
            if (ok) {
                return;
            }
            RedisProcess.sleep(100);
        }
        throw new IllegalStateException("Redis Cluster on ports " + ports + " did not reach cluster_state:ok within " + START_TIMEOUT);
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}: the seed nodes. */
    public String uri() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            parts.add(hosts.get(i) + ":" + ports.get(i));
        }
        return "redis-cluster://" + String.join(",", parts);
    }

    /** One {@code redis://host:port} URI per node. */
    public List<String> nodeUris() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            out.add("redis://" + hosts.get(i) + ":" + ports.get(i));
        }
        return out;
    }

    /** The nodes' ports. */
    public List<Integer> ports() {
        return ports;
    }

    /** Stops the nodes this handle owns. Idempotent. */
    @Override
    public void close() {
        if (closeable) {
            processes.forEach(RedisProcess::stop);
            proxies.forEach(FaultProxy::close);
        }
    }

    @Override
    public String toString() {
        return "RedisTestCluster" + ports.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
}
