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
 * {@code redis-cli --cluster create … --cluster-replicas 0}. Aborts the test when neither is possible (fails it
 * with {@code STRATUM_TEST_SERVERS=required}, see {@link Aborts}).
 * {@link #startBehindFaultProxies(int, Duration, boolean)} starts a cluster of the caller's own with a
 * {@link FaultProxy} per node and optionally a replica per master, whose nodes can be killed, restarted and
 * failed over ({@link #kill(int)}, {@link #awaitNewMaster(int, int, Duration)}).
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
        Path server = RedisTestServer.requireOnPath("redis-server", "Redis Cluster");
        Path cli = RedisTestServer.requireOnPath("redis-cli", "Redis Cluster");
        List<RedisProcess> started = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                int port = RedisProcess.freePort(true);
                started.add(RedisProcess.start(server, port, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "3000"), START_TIMEOUT));
                ports.add(port);
            }
            create(cli, ports, 0);
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
        return startBehindFaultProxies(0, Duration.ofSeconds(3), false);
    }

    /** {@link #startBehindFaultProxies(int, Duration, boolean)} without persistence. */
    public static RedisTestCluster startBehindFaultProxies(int replicasPerMaster, Duration nodeTimeout) {
        return startBehindFaultProxies(replicasPerMaster, nodeTimeout, false);
    }

    /**
     * A new cluster of three masters with {@code replicasPerMaster} replicas each ({@code 0} or {@code 1}), every
     * node behind a {@link FaultProxy} of its own as in {@link #startBehindFaultProxies()}, with
     * {@code cluster-node-timeout} = {@code nodeTimeout}: a master killed with {@link #kill(int)} is replaced by its
     * replica within about twice that. Replicas replicate through their master's proxy (the announced address), so a
     * fault at a master's proxy also hits its replication link; the cluster bus is direct, so proxy faults never
     * cause a failover. {@code cluster-replica-validity-factor 0}: a replica whose link was just reset may still take
     * over. Six processes of a few MiB each; on loopback, stopped by PID. With {@code appendFsyncAlways} every node
     * runs {@code --appendonly yes --appendfsync always} (an acknowledged write is on disk before its reply), so a
     * node killed and {@link #restart(int) restarted} before a failover keeps every acknowledged write.
     *
     * <pre>{@code
     * try (RedisTestCluster cluster = RedisTestCluster.startBehindFaultProxies(1, Duration.ofMillis(1500), false)) {
     *     int master = cluster.masterOf(0);           // the node now serving slot 0
     *     cluster.kill(master);                       // SIGKILL
     *     cluster.awaitNewMaster(0, master, Duration.ofSeconds(20));
     *     cluster.restart(master);                    // comes back as a replica of the new master
     * }
     * }</pre>
     */
    public static RedisTestCluster startBehindFaultProxies(int replicasPerMaster, Duration nodeTimeout, boolean appendFsyncAlways) {
        if (replicasPerMaster < 0 || replicasPerMaster > 1) {
            throw new IllegalArgumentException("replicasPerMaster must be 0 or 1, was " + replicasPerMaster);
        }
        Path server = RedisTestServer.requireOnPath("redis-server", "Redis Cluster");
        Path cli = RedisTestServer.requireOnPath("redis-cli", "Redis Cluster");
        List<RedisProcess> started = new ArrayList<>();
        List<FaultProxy> proxies = new ArrayList<>();
        List<Integer> nodePorts = new ArrayList<>();
        int nodes = 3 * (1 + replicasPerMaster);
        try {
            for (int i = 0; i < nodes; i++) {
                int port = RedisProcess.freePort(true);
                FaultProxy proxy = FaultProxy.start("127.0.0.1", port);
                proxies.add(proxy);
                List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", String.valueOf(nodeTimeout.toMillis()), "--cluster-announce-ip", "127.0.0.1",
                        "--cluster-announce-port", String.valueOf(proxy.port()),
                        "--cluster-announce-bus-port", String.valueOf(port + 10_000),
                        "--cluster-replica-validity-factor", "0", "--maxmemory", "64mb"));
                if (appendFsyncAlways) {
                    args.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
                }
                started.add(RedisProcess.start(server, port, args, START_TIMEOUT));
                nodePorts.add(port);
            }
            create(cli, nodePorts, replicasPerMaster);
            awaitOk(nodePorts);
            List<Integer> proxyPorts = proxies.stream().map(FaultProxy::port).toList();
            List<String> hosts = proxyPorts.stream().map(p -> "127.0.0.1").toList();
            RedisTestCluster cluster = new RedisTestCluster(hosts, proxyPorts, started, true, proxies);
            if (replicasPerMaster > 0) {
                cluster.awaitReplicasInSync(START_TIMEOUT);
            }
            LOG.info("started a {}-node Redis Cluster on 127.0.0.1 ports {} behind fault proxies on {}", nodes, nodePorts, proxyPorts);
            return cluster;
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

    /** The index (in {@link #ports()} order) of the node that is master of {@code slot} now, as the live nodes agree. */
    public int masterOf(int slot) {
        return masterOf(slot, clusterNodes());
    }

    /** The index of a replica of the node at {@code masterIndex} (the first one listed); fails when it has none. */
    public int replicaOf(int masterIndex) {
        List<String[]> nodes = clusterNodes();
        String masterId = null;
        for (String[] n : nodes) {
            if (indexOf(n) == masterIndex) {
                masterId = n[0];
            }
        }
        for (String[] n : nodes) {
            if (n[3].equals(masterId) && n[2].contains("slave")) {
                return indexOf(n);
            }
        }
        throw new IllegalStateException("node " + masterIndex + " has no replica: " + nodes.stream().map(a -> String.join(" ", a)).toList());
    }

    /** Kills the node at {@code index} (SIGKILL); its folder and {@code nodes.conf} stay for {@link #restart(int)}. */
    public void kill(int index) {
        processes.get(index).kill();
    }

    /** Starts the killed node at {@code index} again on the same port and folder (it rejoins with its old identity). */
    public void restart(int index) {
        processes.get(index).restart(START_TIMEOUT);
    }

    /**
     * Waits until every live node agrees that a node other than {@code oldMaster} is master of {@code slot} and
     * reports {@code cluster_state:ok}; returns the new master's index.
     */
    public int awaitNewMaster(int slot, int oldMaster, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                int master = -1;
                boolean agreed = true;
                for (int i = 0; i < processes.size(); i++) {
                    if (!processes.get(i).alive()) {
                        continue;
                    }
                    int port = processes.get(i).port();
                    Object info = RespProbe.call("127.0.0.1", port, "CLUSTER", "INFO");
                    int m = masterOf(slot, parse(RespProbe.call("127.0.0.1", port, "CLUSTER", "NODES")));
                    agreed &= info != null && info.toString().contains("cluster_state:ok") && (master == -1 || master == m);
                    master = m;
                }
                if (agreed && master != oldMaster && master >= 0) {
                    return master;
                }
                last = "master of slot " + slot + " is node " + master + (agreed ? "" : " (nodes disagree or not ok)");
            } catch (IOException | IllegalStateException e) {
                last = e.toString();
            }
            RedisProcess.sleep(50);
        }
        throw new IllegalStateException("no new master for slot " + slot + " within " + timeout + ": " + last);
    }

    /**
     * A coordinated {@code CLUSTER FAILOVER} on the replica at {@code replicaIndex} (no write is lost: its master
     * stops accepting writes until the replica has caught up), waiting until it is master of {@code slot}.
     */
    public void failover(int replicaIndex, int slot, Duration timeout) {
        int old = masterOf(slot);
        try {
            RespProbe.call("127.0.0.1", processes.get(replicaIndex).port(), "CLUSTER", "FAILOVER");
        } catch (IOException e) {
            throw new IllegalStateException("CLUSTER FAILOVER on node " + replicaIndex + " failed", e);
        }
        int now = awaitNewMaster(slot, old, timeout);
        if (now != replicaIndex) {
            throw new IllegalStateException("slot " + slot + " went to node " + now + ", not " + replicaIndex);
        }
    }

    /** Waits until every live replica reports {@code master_link_status:up}. */
    public void awaitReplicasInSync(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ok = true;
            for (RedisProcess p : processes) {
                try {
                    Object info = p.alive() ? RespProbe.call("127.0.0.1", p.port(), "INFO", "replication") : null;
                    ok &= info == null || !info.toString().contains("role:slave") || info.toString().contains("master_link_status:up");
                } catch (IOException e) {
                    ok = false;
                }
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replicas not in sync within " + timeout);
            }
            RedisProcess.sleep(50);
        }
    }

    private List<String[]> clusterNodes() {
        for (RedisProcess p : processes) {
            if (p.alive()) {
                try {
                    return parse(RespProbe.call("127.0.0.1", p.port(), "CLUSTER", "NODES"));
                } catch (IOException e) {
                    LOG.debug("CLUSTER NODES on {} failed: {}", p.port(), e.toString());
                }
            }
        }
        throw new IllegalStateException("no live node answers CLUSTER NODES");
    }

    private static List<String[]> parse(@Nullable Object reply) {
        List<String[]> out = new ArrayList<>();
        for (String line : String.valueOf(reply).split("\n")) {
            if (!line.isBlank()) {
                out.add(line.trim().split(" "));
            }
        }
        return out;
    }

    /** The index of a CLUSTER NODES line's node, from its announced port. */
    private int indexOf(String[] node) {
        String addr = node[1].split("@")[0];
        return ports.indexOf(Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1)));
    }

    private int masterOf(int slot, List<String[]> nodes) {
        for (String[] n : nodes) {
            List<String> flags = List.of(n[2].split(","));
            if (!flags.contains("master") || flags.contains("fail")) {
                continue;
            }
            for (int i = 8; i < n.length; i++) {
                if (n[i].startsWith("[")) {
                    continue; // a slot being migrated or imported
                }
                String[] range = n[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return indexOf(n);
                }
            }
        }
        throw new IllegalStateException("no live master serves slot " + slot);
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

    private static void create(Path cli, List<Integer> ports, int replicasPerMaster) {
        List<String> cmd = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        ports.forEach(p -> cmd.add("127.0.0.1:" + p));
        cmd.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
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
