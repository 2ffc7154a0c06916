package dev.stratum.testkit.firestore.internal;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The in-process Firestore server: grpc's Netty server on a free loopback port serving
 * {@code google.firestore.v1.Firestore} over plaintext HTTP/2, as Google's emulator does, so the
 * {@code google-cloud-firestore} client reaches it with {@code FirestoreOptions.setEmulatorHost(...)}.
 * Data lives in memory, in every project and database the clients name.
 */
public final class InProcessFirestore implements AutoCloseable {
    /** Requests up to 16 MiB (Firestore's own limit is 10 MiB), so oversized documents get Firestore's error, not gRPC's. */
    private static final int MAX_INBOUND_BYTES = 16 * 1024 * 1024;

    private final Server server;
    private final ServerState state;

    /** Starts a server on a free loopback port. */
    public static InProcessFirestore start() {
        ServerState state = new ServerState();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(FirestoreServiceDefinition.create(state))
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the in-process Firestore server on loopback", e);
        }
        return new InProcessFirestore(server, state);
    }

    private InProcessFirestore(Server server, ServerState state) {
        this.server = server;
        this.state = state;
    }

    /** {@code 127.0.0.1:port}, the value for {@code FirestoreOptions.setEmulatorHost} / {@code FIRESTORE_EMULATOR_HOST}. */
    public String emulatorHost() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** Deletes every document of every project and database, and forgets every transaction. */
    public void reset() {
        state.reset();
    }

    /** The {@code google.firestore.v1.Firestore} methods answered with {@code UNIMPLEMENTED}. */
    public static Set<String> unimplementedMethods() {
        return FirestoreServiceDefinition.unimplementedMethods();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
