package dev.stratum.testkit.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code redis-server} process started by the testkit on 127.0.0.1, with persistence off and its
 * working directory in a temporary folder. Stopped by its PID ({@link #stop()}, or at JVM exit).
 */
final class RedisProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RedisProcess.class);
    private static final Set<RedisProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(RedisProcess::stop), "stratum-redis-test-stop"));
    }

    private volatile Process process;
    private final Path dir;
    private final int port;
    private List<String> command = List.of();
    private String readyMarker = "Ready to accept connections";

    private RedisProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The {@code redis-server} executable on the PATH, if any. */
    static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts {@code executable} listening on {@code port} (plain TCP; 0 for none) with extra
     * configuration arguments ({@code "--name", "value"} pairs), and waits until the log says it is ready.
     */
    static RedisProcess start(Path executable, int port, List<String> extraArgs, Duration timeout) {
        return start(executable, List.of(), port, extraArgs, "Ready to accept connections", timeout);
    }

    /**
     * Starts {@code executable} with {@code leadingArgs} first (a configuration file must come first),
     * waiting until its log contains {@code readyMarker}. A file named {@code $DIR/…} in the leading
     * arguments is created in the process's folder with the content following the first newline.
     */
    static RedisProcess start(Path executable, List<String> leadingArgs, int port, List<String> extraArgs, String readyMarker,
            Duration timeout) {
        Path dir;
        try {
            dir = Files.createTempDirectory("stratum-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = dir.resolve("redis.log");
        List<String> cmd = new ArrayList<>(List.of(executable.toString()));
        for (String a : leadingArgs) {
            if (a.startsWith("$DIR/")) {
                int nl = a.indexOf('\n');
                Path file = dir.resolve(a.substring(5, nl));
                try {
                    Files.writeString(file, a.substring(nl + 1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                cmd.add(file.toString());
            } else {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--protected-mode", "no",
                "--dir", dir.toString(),
                "--logfile", log.toString()));
        cmd.addAll(extraArgs);
        Process process;
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        RedisProcess rp = new RedisProcess(process, dir, port);
        rp.command = List.copyOf(cmd);
        rp.readyMarker = readyMarker;
        RUNNING.add(rp);
        rp.awaitReady(executable.toString(), timeout);
        return rp;
    }

    private void awaitReady(String executable, Duration timeout) {
        RedisProcess rp = this;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String out = rp.logs();
                rp.stop();
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port + ": " + out);
            }
            if (rp.logs().contains(readyMarker)) {
                LOG.info("started {} (pid {}) on 127.0.0.1:{}", executable, process.pid(), port);
                return;
            }
            sleep(20);
        }
        String out = rp.logs();
        rp.stop();
        throw new IllegalStateException("redis-server on port " + port + " not ready after " + timeout + ": " + out);
    }

    /** Kills the process (SIGKILL) but keeps its folder, so {@link #restart(Duration)} finds its data again. */
    void kill() {
        Process p = process;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("killed redis-server pid {} (port {})", p.pid(), port);
    }

    /** Starts the same command again (same port, folder and configuration) after {@link #kill()}, waiting until ready. */
    void restart(Duration timeout) {
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running");
        }
        try {
            Files.deleteIfExists(dir.resolve("redis.log"));
            Files.deleteIfExists(dir.resolve("stdout.log"));
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart redis-server on port " + port, e);
        }
        awaitReady(command.get(0), timeout);
    }

    /** The server's log and standard output so far (for failure messages). */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {"redis.log", "stdout.log"}) {
            Path p = dir.resolve(f);
            try {
                if (Files.exists(p)) {
                    sb.append(Files.readString(p, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                sb.append("<").append(f).append(": ").append(e.getMessage()).append(">");
            }
        }
        return sb.toString();
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path dir() {
        return dir;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process by its PID (SIGTERM, then SIGKILL after 5 s) and removes its folder. Idempotent. */
    void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            LOG.info("stopped redis-server pid {} (port {})", process.pid(), port);
        }
        RUNNING.remove(this);
        deleteQuietly(dir);
    }

    /** A free loopback port; with {@code busPort}, one whose +10000 cluster-bus port is free too. */
    @SuppressWarnings("try") // the bus socket is held open to reserve the port while checking, never referenced
    static int freePort(boolean busPort) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = busPort ? ThreadLocalRandom.current().nextInt(20_000, 55_000) : 0;
            try (ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (!busPort) {
                    return p;
                }
                try (ServerSocket bus = new ServerSocket(p + 10_000, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                }
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
