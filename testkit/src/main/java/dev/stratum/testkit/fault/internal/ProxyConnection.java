package dev.stratum.testkit.fault.internal;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/** One client connection and, unless black-holed from the start, its connection to the server. Selector thread only. */
final class ProxyConnection {
    final SocketChannel client;
    @Nullable SocketChannel server;
    @Nullable SelectionKey clientKey;
    @Nullable SelectionKey serverKey;
    final ProxyFlow up = new ProxyFlow(true);
    final ProxyFlow down = new ProxyFlow(false);
    boolean serverConnected;
    /** Traffic was swallowed: the byte stream is broken, so the connection is reset when the proxy heals. */
    boolean damaged;
    boolean closed;

    ProxyConnection(SocketChannel client) {
        this.client = client;
    }

    /** Closes both sockets with an RST (SO_LINGER 0), as a crashed peer or a middlebox would. */
    void reset() {
        abort(client);
        if (server != null) {
            abort(server);
        }
        closed = true;
    }

    /** Closes both sockets normally (after both sides finished). */
    void close() {
        closeQuietly(client);
        if (server != null) {
            closeQuietly(server);
        }
        closed = true;
    }

    private static void abort(SocketChannel ch) {
        try {
            if (ch.isOpen()) {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException | RuntimeException e) {
            // already broken: closing is all that is left
        }
        closeQuietly(ch);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    /** Sets each key's interest from the flows' state: read unless black-holed-free back pressure, write while a due chunk waits. */
    void updateInterest(boolean clientWantsWrite, boolean serverWantsWrite) {
        if (closed) {
            return;
        }
        if (clientKey != null && clientKey.isValid()) {
            int ops = (up.full() || up.sourceEof || up.resetWhenDrained ? 0 : SelectionKey.OP_READ)
                    | (clientWantsWrite ? SelectionKey.OP_WRITE : 0);
            clientKey.interestOps(ops);
        }
        if (serverKey != null && serverKey.isValid()) {
            int ops;
            if (!serverConnected) {
                ops = SelectionKey.OP_CONNECT;
            } else {
                ops = (down.full() || down.sourceEof || down.resetWhenDrained ? 0 : SelectionKey.OP_READ)
                        | (serverWantsWrite ? SelectionKey.OP_WRITE : 0);
            }
            serverKey.interestOps(ops);
        }
    }
}
