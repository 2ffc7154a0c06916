package dev.stratum.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback address where no server answers, to test how a client reports a dead server at start-up:
 * {@link #refusing()} (nothing listens: connecting is refused at once) or {@link #blackHole()}
 * (connections are accepted and never answered, like a hung server or a dropped route behind a load
 * balancer). For faults on a live server (latency, resets, a black hole that starts mid-run) use the
 * testkit's fault proxy.
 *
 * <pre>{@code
 * try (DeadEndpoint dead = DeadEndpoint.blackHole()) {
 *     long start = System.nanoTime();
 *     assertThrows(StoreUnavailableException.class,
 *             () -> Stores.open("mongodb://" + dead.hostAndPort() + "/app").repository(Task.class));
 *     assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
 * }
 * }</pre>
 */
public final class DeadEndpoint implements AutoCloseable {
    private final int port;
    private final boolean blackHole;
    private final ServerSocket socket;
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;

    private DeadEndpoint(boolean blackHole) {
        this.blackHole = blackHole;
        try {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.port = socket.getLocalPort();
            if (!blackHole) {
                socket.close(); // the port was free a moment ago and nothing listens on it now
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.acceptor = new Thread(this::acceptForever, "stratum-dead-endpoint-" + port);
        acceptor.setDaemon(true);
        if (blackHole) {
            acceptor.start();
        }
    }

    /** A port nothing listens on: every connection attempt is refused. */
    public static DeadEndpoint refusing() {
        return new DeadEndpoint(false);
    }

    /** A port that accepts connections, reads nothing and never answers. */
    public static DeadEndpoint blackHole() {
        return new DeadEndpoint(true);
    }

    private void acceptForever() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                synchronized (accepted) {
                    accepted.add(s); // held open, never read, never written
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** The loopback port. */
    public int port() {
        return port;
    }

    /** {@code host:port} of the endpoint (loopback). */
    public String hostAndPort() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    /** Whether connections are accepted (black hole) rather than refused. */
    public boolean isBlackHole() {
        return blackHole;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a listening socket: nothing to recover
        }
        synchronized (accepted) {
            for (Socket s : accepted) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
            accepted.clear();
        }
    }

    @Override
    public String toString() {
        return "DeadEndpoint[" + (blackHole ? "black hole" : "refusing") + " " + hostAndPort() + "]";
    }
}
