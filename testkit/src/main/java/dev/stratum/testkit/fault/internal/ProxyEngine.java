package dev.stratum.testkit.fault.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The fault proxy's single selector thread: accepts clients, connects each to the target, moves bytes both
 * ways through {@link ProxyFlow}s and applies the faults. Every fault change runs on this thread (posted through
 * {@link #call}), so the data structures need no locks; settings read per chunk are volatile.
 */
public final class ProxyEngine implements Runnable {
    private static final int CHUNK = 16 * 1024;

    private final Selector selector;
    private final InetSocketAddress listenAddress;
    private @Nullable ServerSocketChannel listener;
    private volatile InetSocketAddress target;
    private final Set<ProxyConnection> connections = new HashSet<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    private volatile long latencyNanos;
    private volatile long jitterNanos;
    private volatile long bytesPerSecond;
    private volatile boolean blackHole;
    // reset-after-bytes trigger: selector thread only
    private long resetRemaining = -1;
    private int resetDirection; // 0 any, 1 client->server, 2 server->client

    private final AtomicLong totalConnections = new AtomicLong();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private volatile int open;

    public ProxyEngine(InetSocketAddress bind, InetSocketAddress target, String threadName) {
        this.target = target;
        try {
            this.selector = Selector.open();
            ServerSocketChannel l = openListener(bind);
            this.listener = l;
            this.listenAddress = (InetSocketAddress) l.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fault proxy on " + bind, e);
        }
        this.thread = new Thread(this, threadName + "-" + listenAddress.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    private ServerSocketChannel openListener(InetSocketAddress bind) throws IOException {
        ServerSocketChannel l = ServerSocketChannel.open();
        l.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        l.bind(bind, 128);
        l.configureBlocking(false);
        l.register(selector, SelectionKey.OP_ACCEPT);
        return l;
    }

    public InetSocketAddress listenAddress() {
        return listenAddress;
    }

    public InetSocketAddress target() {
        return target;
    }

    public void target(InetSocketAddress newTarget) {
        this.target = newTarget;
    }

    public void latency(long fixedNanos, long jitter) {
        this.latencyNanos = fixedNanos;
        this.jitterNanos = jitter;
    }

    public void bandwidth(long bps) {
        this.bytesPerSecond = bps;
    }

    public long threadId() {
        return thread.getId();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    // ---- control, run on the selector thread -------------------------------------------------

    /** Runs {@code action} on the selector thread and waits for it (up to 10 s). */
    public <R> R call(Supplier<R> action) {
        if (Thread.currentThread() == thread) {
            return action.get();
        }
        CompletableFuture<R> f = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while controlling the fault proxy", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the fault proxy's thread did not answer in 10 s", e);
        }
    }

    public int resetAll() {
        return call(() -> {
            int n = connections.size();
            new ArrayList<>(connections).forEach(this::reset);
            return n;
        });
    }

    public void resetAfter(long bytes, int direction) {
        call(() -> {
            resetRemaining = bytes;
            resetDirection = direction;
            return null;
        });
    }

    public void blackHole(boolean on) {
        call(() -> {
            blackHole = on;
            if (on) {
                for (ProxyConnection c : connections) {
                    c.damaged = true;
                    c.up.clear();
                    c.down.clear();
                }
            } else {
                // their byte streams lost data: a client must not read a half reply as a whole one
                new ArrayList<>(connections).stream().filter(c -> c.damaged).forEach(this::reset);
            }
            return null;
        });
    }

    public void refuse(boolean on) {
        call(() -> {
            try {
                if (on && listener != null) {
                    // connections the kernel completed but nobody accepted yet count as open: take them first
                    int before;
                    do {
                        before = connections.size();
                        accept(listener);
                    } while (connections.size() > before);
                    listener.close();
                    listener = null;
                    selector.selectNow(); // deregisters the key, so the port is really closed now
                } else if (!on && listener == null) {
                    listener = openListener(listenAddress);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("fault proxy: cannot " + (on ? "close" : "reopen") + " port " + listenAddress.getPort(), e);
            }
            return null;
        });
    }

    /** Clears every fault but keeps the connections that are intact. */
    public void heal() {
        latency(0, 0);
        bandwidth(0);
        call(() -> {
            resetRemaining = -1;
            return null;
        });
        blackHole(false);
        refuse(false);
    }

    public void shutdown() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- counters --------------------------------------------------------------------------

    public int openConnections() {
        return open;
    }

    public long totalConnections() {
        return totalConnections.get();
    }

    public long bytesToServer() {
        return bytesToServer.get();
    }

    public long bytesToClient() {
        return bytesToClient.get();
    }

    public long resets() {
        return resets.get();
    }

    // ---- the loop ------------------------------------------------------------------------------

    @Override
    public void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                long next = Long.MAX_VALUE;
                for (ProxyConnection c : connections) {
                    next = Math.min(next, Math.min(c.up.nextRelease(now), c.down.nextRelease(now)));
                }
                long waitMillis = next == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now) + 1);
                selector.select(waitMillis);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    handle(key);
                }
                now = System.nanoTime();
                for (ProxyConnection c : new ArrayList<>(connections)) {
                    pump(c, now);
                }
                open = connections.size();
            }
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(ProxyEngine.class).error("fault proxy on port {} stopped: {}", listenAddress.getPort(), e.toString(), e);
        } finally {
            new ArrayList<>(connections).forEach(this::reset);
            try {
                if (listener != null) {
                    listener.close();
                }
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
            open = 0;
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            accept((ServerSocketChannel) key.channel());
            return;
        }
        ProxyConnection c = (ProxyConnection) key.attachment();
        if (c.closed) {
            return;
        }
        try {
            if (key.isConnectable()) {
                SocketChannel s = (SocketChannel) key.channel();
                s.finishConnect();
                c.serverConnected = true;
            }
            if (key.isValid() && key.isReadable()) {
                boolean fromClient = key.channel() == c.client;
                read(c, fromClient ? c.client : c.server, fromClient ? c.up : c.down);
            }
        } catch (IOException e) {
            // a peer reset or refused: the other side sees a reset too
            reset(c);
        }
    }

    private void accept(ServerSocketChannel l) {
        try {
            SocketChannel client = l.accept();
            if (client == null) {
                return;
            }
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ProxyConnection c = new ProxyConnection(client);
            c.clientKey = client.register(selector, SelectionKey.OP_READ, c);
            totalConnections.incrementAndGet();
            connections.add(c);
            if (blackHole) {
                c.damaged = true; // accepted, never connected, never answered
                return;
            }
            SocketChannel server = SocketChannel.open();
            server.configureBlocking(false);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.server = server;
            c.serverConnected = server.connect(target);
            c.serverKey = server.register(selector, c.serverConnected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
        } catch (IOException e) {
            // the client went away or the target refused at once: nothing to keep
        }
    }

    private void read(ProxyConnection c, @Nullable SocketChannel from, ProxyFlow flow) throws IOException {
        if (from == null) {
            return;
        }
        long bps = bytesPerSecond;
        int size = bps > 0 ? (int) Math.max(1, Math.min(CHUNK, bps / 50)) : CHUNK;
        ByteBuffer buf = ByteBuffer.allocate(size);
        int n = from.read(buf);
        if (n < 0) {
            flow.sourceEof = true;
            if (c.server == null) {
                c.close(); // a black-holed client gave up
            }
            return;
        }
        if (n == 0) {
            return;
        }
        if (blackHole || c.damaged) {
            return; // swallowed
        }
        buf.flip();
        int dir = flow.clientToServer ? 1 : 2;
        if (resetRemaining >= 0 && (resetDirection == 0 || resetDirection == dir)) {
            if (n >= resetRemaining) {
                buf.limit((int) resetRemaining);
                flow.resetWhenDrained = true;
                resetRemaining = -1;
            } else {
                resetRemaining -= n;
            }
        }
        (flow.clientToServer ? bytesToServer : bytesToClient).addAndGet(buf.remaining());
        long jitter = jitterNanos;
        long delay = latencyNanos + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
        flow.enqueue(buf, System.nanoTime(), delay, bps);
    }

    /** Writes what is due both ways, applies end of stream and pending resets, and sets the keys' interest. */
    private void pump(ProxyConnection c, long now) {
        if (c.closed) {
            connections.remove(c);
            return;
        }
        try {
            boolean serverWantsWrite = false;
            boolean clientWantsWrite = false;
            if (c.server != null && c.serverConnected) {
                serverWantsWrite = c.up.flush(c.server, now);
                clientWantsWrite = c.down.flush(c.client, now);
            }
            if ((c.up.resetWhenDrained && c.up.isEmpty()) || (c.down.resetWhenDrained && c.down.isEmpty())) {
                reset(c);
                return;
            }
            boolean upDone = finish(c, c.up, c.server); // both directions are finished, whatever the first answers
            boolean downDone = finish(c, c.down, c.client);
            if (upDone && downDone) {
                c.close();
                connections.remove(c);
                return;
            }
            c.updateInterest(clientWantsWrite, serverWantsWrite);
        } catch (IOException e) {
            reset(c);
        }
    }

    /** Passes an end of stream on once the flow is drained; true when this direction is finished. */
    private static boolean finish(ProxyConnection c, ProxyFlow flow, @Nullable SocketChannel destination) throws IOException {
        if (!flow.sourceEof) {
            return false;
        }
        if (!flow.isEmpty()) {
            return false;
        }
        if (!flow.outputShut && destination != null && (destination != c.server || c.serverConnected)) {
            destination.shutdownOutput();
            flow.outputShut = true;
        }
        return flow.outputShut || destination == null;
    }

    private void reset(ProxyConnection c) {
        if (!c.closed) {
            c.reset();
            resets.incrementAndGet();
        }
        connections.remove(c);
        open = connections.size();
    }

    /** Connections as a list (tests, diagnostics); selector thread only. */
    List<ProxyConnection> connections() {
        return new ArrayList<>(connections);
    }
}
