package dev.stratum.testkit.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import dev.stratum.testkit.redis.Aborts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Elasticsearch node from the {@code integ-test-zip} distribution, started as DESIGN.md §3 says:
 * unpacked once per machine into {@code ${java.io.tmpdir}/stratum-elasticsearch-<version>} (a folder
 * every user can traverse, since the node runs as uid 65534 when we are root), a private run folder
 * with a copy of {@code config/} ({@code ES_PATH_CONF}), data, logs and {@code ES_TMPDIR}; single node,
 * security off, its own HTTP and transport ports on 127.0.0.1, heap 512 MiB. Ready when
 * {@code GET /_cluster/health} answers 200. Stopped by PID (the launcher and its server child).
 *
 * <p>The data folder ({@code path.data}) is on {@code /dev/shm} (tmpfs) when there is one with room: the
 * stores refresh on every write and the translog is fsynced per request, which on a disk costs milliseconds
 * per call and dominated the tests' time; on tmpfs the same calls (fsync included) take microseconds.
 * {@code -Dstratum.elasticsearch.tmpfsData=false} keeps the data in the run folder.
 */
final class ElasticProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticProcess.class);
    private static final int NOBODY = 65534;

    private final Process process;
    private final Path runDir;
    private final Path dataDir;
    private final int httpPort;

    private ElasticProcess(Process process, Path runDir, Path dataDir, int httpPort) {
        this.process = process;
        this.runDir = runDir;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
    }

    int port() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** Unpacks (once) and starts a node; aborts the test with a reason when that is not possible. */
    static ElasticProcess start(Path zip, String version, Duration timeout) {
        Path home = unpack(zip, version);
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path runs = Objects.requireNonNull(home.getParent(), "the unpacked distribution's folder").resolve("stratum-elasticsearch-runs");
            Files.createDirectories(runs);
            Path run = Files.createTempDirectory(runs, "node");
            Path conf = run.resolve("config");
            copyTree(home.resolve("config"), conf);
            Path data = dataDir(run);
            Files.createDirectories(run.resolve("logs"));
            Files.createDirectories(run.resolve("tmp"));
            int http = freePort();
            int transport = freePort();
            List<String> cmd = new ArrayList<>();
            if (root) {
                chown(run);
                if (!data.startsWith(run)) {
                    chown(data);
                }
                Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("rwxr-xr-x"));
                cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
            }
            cmd.add(home.resolve("bin/elasticsearch").toString());
            for (String setting : List.of("discovery.type=single-node", "xpack.security.enabled=false", "network.host=127.0.0.1",
                    "http.port=" + http, "transport.port=" + transport, "path.data=" + data, "path.logs=" + run.resolve("logs"),
                    "cluster.routing.allocation.disk.threshold_enabled=false", "cluster.name=stratum-test", "node.name=stratum-test")) {
                cmd.add("-E");
                cmd.add(setting);
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(run.resolve("console.log").toFile());
            Map<String, String> env = pb.environment();
            env.put("ES_JAVA_HOME", System.getProperty("java.home"));
            env.remove("JAVA_HOME");
            env.put("ES_PATH_CONF", conf.toString());
            env.put("ES_TMPDIR", run.resolve("tmp").toString());
            env.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
            long t0 = System.nanoTime();
            Process p = pb.start();
            ElasticProcess node = new ElasticProcess(p, run, data, http);
            node.awaitReady(timeout);
            LOG.info("started Elasticsearch {} (pid {}) on 127.0.0.1:{} in {} ms", version, p.pid(), http,
                    (System.nanoTime() - t0) / 1_000_000);
            return node;
        } catch (IOException e) {
            throw Aborts.serverUnavailable("Elasticsearch", "cannot start the local Elasticsearch: " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = tail();
                deleteQuietly(runDir);
                deleteQuietly(dataDir);
                throw Aborts.serverUnavailable("Elasticsearch", "the local Elasticsearch exited with " + process.exitValue() + " while starting:\n" + log);
            }
            if (healthy()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String log = tail();
        close();
        throw Aborts.serverUnavailable("Elasticsearch", "the local Elasticsearch did not answer GET /_cluster/health within " + timeout + ":\n" + log);
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/_cluster/health").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(runDir.resolve("console.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    /** Stops the launcher and the server it started (by PID), then removes the run folder. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (ProcessHandle h : all) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        deleteQuietly(runDir);
        deleteQuietly(dataDir);
    }

    /** {@code path.data}: a new folder on {@code /dev/shm} when it is a writable folder with 1 GiB free, else {@code run/data}. */
    private static Path dataDir(Path run) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Boolean.parseBoolean(System.getProperty("stratum.elasticsearch.tmpfsData", "true")) && Files.isDirectory(shm)
                && Files.isWritable(shm)) {
            try {
                if (Files.getFileStore(shm).getUsableSpace() > (1L << 30)) {
                    return Files.createTempDirectory(shm, "stratum-elasticsearch-data-");
                }
            } catch (IOException e) {
                LOG.debug("no data folder on {}: {}", shm, e.toString());
            }
        }
        return Files.createDirectories(run.resolve("data"));
    }

    // ------------------------------------------------------------------------------ unpacking

    @SuppressWarnings("try") // the file lock is held for the block's duration, never referenced
    private static Path unpack(Path zip, String version) {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_-]", "_");
        Path base = Path.of(System.getProperty("stratum.elasticsearch.home",
                Path.of(System.getProperty("java.io.tmpdir"), "stratum-elasticsearch-" + version + "-" + user).toString()));
        Path home = base.resolve("elasticsearch-" + version);
        Path marker = base.resolve(".unpacked");
        try {
            Files.createDirectories(base);
            try (FileChannel ch = FileChannel.open(base.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                if (!Files.exists(marker)) {
                    LOG.info("unpacking {} into {}", zip, base);
                    deleteQuietly(home);
                    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                        for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                            Path target = base.resolve(e.getName()).normalize();
                            if (!target.startsWith(base)) {
                                throw new IOException("zip entry outside the target: " + e.getName());
                            }
                            if (e.isDirectory()) {
                                Files.createDirectories(target);
                            } else {
                                Files.createDirectories(target.getParent());
                                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                    try (Stream<Path> bins = Files.list(home.resolve("bin"))) {
                        for (Path b : bins.toList()) {
                            Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rwxr-xr-x"));
                        }
                    }
                    makeReadable(base);
                    Files.writeString(marker, version);
                }
            }
            return home;
        } catch (IOException e) {
            throw Aborts.serverUnavailable("Elasticsearch", "cannot unpack " + zip + " into " + base + ": " + e.getMessage(), e);
        }
    }

    private static void makeReadable(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (!Files.isExecutable(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void chown(Path dir) throws IOException {
        try {
            Process p = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, dir.toString()).redirectErrorStream(true).start();
            try (InputStream out = p.getInputStream()) {
                String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IOException("chown failed: " + text);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
