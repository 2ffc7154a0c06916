package dev.stratum.testkit.fault.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One direction of a proxied connection: bytes read from {@code source} wait in a queue until their
 * release time (latency, bandwidth) and are then written to {@code destination}. Selector thread only.
 */
final class ProxyFlow {
    /** Above this many queued bytes the source is no longer read (back pressure instead of unbounded memory). */
    static final int MAX_QUEUED = 1 << 20;

    private record Chunk(ByteBuffer data, long releaseAt) {}

    final boolean clientToServer;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private int queuedBytes;
    private long lastRelease;
    private long linkFreeAt;
    /** The source reached end of stream: once the queue is drained, the destination's output is shut down. */
    boolean sourceEof;
    boolean outputShut;
    /** Reset the whole connection once this flow's queue has been written (reset after N bytes). */
    boolean resetWhenDrained;

    ProxyFlow(boolean clientToServer) {
        this.clientToServer = clientToServer;
    }

    /** Queues {@code data} (flipped) to be written no earlier than {@code now + delay}, paced at {@code bytesPerSecond} (0 = unlimited). */
    void enqueue(ByteBuffer data, long now, long delayNanos, long bytesPerSecond) {
        long release = Math.max(now + delayNanos, lastRelease);
        if (bytesPerSecond > 0) {
            release = Math.max(release, linkFreeAt);
            linkFreeAt = release + data.remaining() * 1_000_000_000L / bytesPerSecond;
        }
        lastRelease = release;
        queue.add(new Chunk(data, release));
        queuedBytes += data.remaining();
    }

    boolean full() {
        return queuedBytes >= MAX_QUEUED;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Drops everything queued (a black hole swallows what was in flight too). */
    void clear() {
        queue.clear();
        queuedBytes = 0;
    }

    /**
     * Writes every chunk whose time has come, as far as the destination takes it.
     *
     * @return true if a due chunk is left because the destination's buffer is full (wait for OP_WRITE)
     */
    boolean flush(SocketChannel destination, long now) throws IOException {
        while (!queue.isEmpty()) {
            Chunk head = queue.peek();
            if (head.releaseAt - now > 0) {
                return false;
            }
            int before = head.data.remaining();
            destination.write(head.data);
            queuedBytes -= before - head.data.remaining();
            if (head.data.hasRemaining()) {
                return true;
            }
            queue.poll();
        }
        return false;
    }

    /** The release time of the next chunk that is not yet due, or {@code Long.MAX_VALUE}. */
    long nextRelease(long now) {
        Chunk head = queue.peek();
        return head == null || head.releaseAt - now <= 0 ? Long.MAX_VALUE : head.releaseAt;
    }
}
