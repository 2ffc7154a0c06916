package dev.stratum.testkit.firestore;

import dev.stratum.testkit.fault.FaultProxy;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.stratum.testkit.firestore.internal.InProcessFirestore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import dev.stratum.testkit.redis.Aborts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Firestore server for tests, resolved in this order:
 *
 * <ol>
 *   <li>an emulator given by the environment variable {@code FIRESTORE_EMULATOR_HOST} or the system property
 *       {@code stratum.firestore.emulatorHost} ({@code host:port}; Google's emulator; never stopped by the testkit);
 *   <li>Google's emulator in Testcontainers ({@code FirestoreEmulatorContainer}), when Testcontainers' gcloud
 *       module is on the class path and Docker is available;
 *   <li>the in-process server: a gRPC {@code google.firestore.v1.Firestore} server in this JVM on a free loopback
 *       port, with Firestore's documented semantics (queries, cursors, transactions with locks, preconditions,
 *       transforms, limits) and memory storage. It needs no Docker or gcloud; a second one in a warm JVM starts in about 0.1 s.
 * </ol>
 *
 * <p>Clients reach each of them the same way, through {@code FirestoreOptions.setEmulatorHost(...)}:
 *
 * <pre>{@code
 * FirestoreTestServer server = FirestoreTestServer.shared();               // one per JVM, stopped at exit
 * String project = FirestoreTestServer.uniqueProjectId("orders");          // isolates this test's data
 * try (Firestore db = server.client(project)) {
 *     db.collection("orders").document("o1").set(Map.of("total", 3)).get();
 * }
 * try (FirestoreTestServer own = FirestoreTestServer.startInProcess()) {   // a private one, e.g. to reset() it
 *     ...
 * }
 * }</pre>
 *
 * <p>Needs {@code com.google.cloud:google-cloud-firestore} on the test class path (it brings the protos, gRPC
 * and the Netty server the in-process server uses), and {@code org.testcontainers:testcontainers-gcloud} for
 * the container. What the in-process server does not implement (e.g. {@code Listen}, so snapshot listeners)
 * answers {@code UNIMPLEMENTED} naming the method; see {@link #unimplementedMethods()}. Without the client on the
 * class path the calling test is skipped, or fails with {@code STRATUM_TEST_SERVERS=required} (see {@link Aborts}).
 */
public final class FirestoreTestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FirestoreTestServer.class);
    /** The project id of {@link #projectId()} unless a test picks its own. */
    public static final String DEFAULT_PROJECT_ID = "stratum-test";
    private static @Nullable FirestoreTestServer shared;

    /** Where a server came from. */
    public enum Kind {
        /** Given by {@code FIRESTORE_EMULATOR_HOST} / {@code stratum.firestore.emulatorHost}; not managed by the testkit. */
        EXTERNAL,
        /** Google's emulator in a Testcontainers container. */
        CONTAINER,
        /** The in-process gRPC server in this JVM. */
        IN_PROCESS
    }

    private final Kind kind;
    private final String emulatorHost;
    private final @Nullable InProcessFirestore inProcess;
    private final @Nullable AutoCloseable owned;
    private final boolean closeable;

    private FirestoreTestServer(Kind kind, String emulatorHost, @Nullable InProcessFirestore inProcess, @Nullable AutoCloseable owned,
            boolean closeable) {
        this.kind = kind;
        this.emulatorHost = emulatorHost;
        this.inProcess = inProcess;
        this.owned = owned;
        this.closeable = closeable;
    }

    /** The JVM-wide server: resolved and started on first use, stopped at JVM exit. {@link #close()} on it does nothing. */
    public static synchronized FirestoreTestServer shared() {
        if (shared == null) {
            Optional<String> explicit = explicitHost();
            FirestoreTestServer s = explicit.isPresent() ? new FirestoreTestServer(Kind.EXTERNAL, explicit.get(), null, null, false) : launch();
            shared = new FirestoreTestServer(s.kind, s.emulatorHost, s.inProcess, s.owned, false);
            AutoCloseable toStop = s.owned;
            if (toStop != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(toStop), "stratum-firestore-shared-stop"));
            }
        }
        return shared;
    }

    /** A new server owned by the caller (never the explicit emulator): Testcontainers, else in-process. Close it to stop it. */
    public static FirestoreTestServer start() {
        return launch();
    }

    /** A new in-process server owned by the caller, whatever else is available. Close it to stop it. */
    public static FirestoreTestServer startInProcess() {
        try {
            Class.forName("com.google.firestore.v1.Document", false, FirestoreTestServer.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw Aborts.serverUnavailable("Firestore", "the in-process Firestore server needs com.google.cloud:google-cloud-firestore on the test class path");
        }
        InProcessFirestore server = InProcessFirestore.start();
        return new FirestoreTestServer(Kind.IN_PROCESS, server.emulatorHost(), server, server, true);
    }

    private static FirestoreTestServer launch() {
        if (ContainerFirestore.dockerAvailable()) {
            ContainerFirestore c = ContainerFirestore.start();
            return new FirestoreTestServer(Kind.CONTAINER, c.emulatorHost(), null, c, true);
        }
        FirestoreTestServer s = startInProcess();
        LOG.info("no FIRESTORE_EMULATOR_HOST and no Docker: using the in-process Firestore test server at {}", s.emulatorHost);
        return s;
    }

    private static Optional<String> explicitHost() {
        String env = System.getenv("FIRESTORE_EMULATOR_HOST");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.trim());
        }
        String prop = System.getProperty("stratum.firestore.emulatorHost");
        return prop == null || prop.isBlank() ? Optional.empty() : Optional.of(prop.trim());
    }

    /**
     * A project id no other test uses: {@code <prefix>-<8 hex digits>}, lower case, starting with a letter.
     * Data of different projects is separate on every kind of server, so this isolates a test class's data.
     */
    public static String uniqueProjectId(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "p" + clean;
        }
        if (clean.length() > 20) {
            clean = clean.substring(0, 20);
        }
        return clean + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Where the server came from. */
    public Kind kind() {
        return kind;
    }

    /** Whether this is the in-process server (not Google's emulator). */
    public boolean isInProcess() {
        return kind == Kind.IN_PROCESS;
    }

    /** {@code host:port}: the value for {@code FirestoreOptions.Builder.setEmulatorHost} or {@code FIRESTORE_EMULATOR_HOST}. */
    public String emulatorHost() {
        return emulatorHost;
    }

    /** {@value #DEFAULT_PROJECT_ID}; tests that share the server should prefer {@link #uniqueProjectId(String)}. */
    public String projectId() {
        return DEFAULT_PROJECT_ID;
    }

    /**
     * Options for a client of this server and project, database {@code (default)}. Credentials are left
     * unset on purpose: with an emulator host the client uses the emulator's fake credentials (setting
     * {@code NoCredentials} as well makes google-cloud-firestore 3.x ignore the emulator host).
     */
    public FirestoreOptions options(String projectId) {
        return FirestoreOptions.newBuilder().setProjectId(projectId).setEmulatorHost(emulatorHost).build();
    }

    /** A new client of this server for {@code projectId}, database {@code (default)}; close it when done. */
    public Firestore client(String projectId) {
        return options(projectId).getService();
    }

    /** A new client for {@link #projectId()}. */
    public Firestore client() {
        return client(projectId());
    }

    /**
     * Deletes data: on the in-process server every document of every project and database (and every open
     * transaction); on Google's emulator (container or {@code FIRESTORE_EMULATOR_HOST}) the documents of
     * {@link #projectId()}'s {@code (default)} database, through the emulator's reset endpoint.
     */
    public void reset() {
        if (inProcess != null) {
            inProcess.reset();
            return;
        }
        resetEmulator(projectId());
    }

    private void resetEmulator(String project) {
        URI uri = URI.create("http://" + emulatorHost + "/emulator/v1/projects/" + project + "/databases/(default)/documents");
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("the Firestore emulator refused the reset of project " + project + ": HTTP " + r.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not reset the Firestore emulator at " + emulatorHost, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting the Firestore emulator", e);
        }
    }

    /** The {@code google.firestore.v1.Firestore} methods the in-process server answers with {@code UNIMPLEMENTED}. */
    public static Set<String> unimplementedMethods() {
        return InProcessFirestore.unimplementedMethods();
    }

    /** A new {@link FaultProxy} in front of this server (gRPC over plain HTTP/2 passes through it unchanged); the caller closes it. */
    public FaultProxy startFaultProxy() {
        return FaultProxy.startFor("http://" + emulatorHost);
    }

    /** The proxy's {@code host:port}, to use as the emulator host instead of {@link #emulatorHost()}. */
    public String emulatorHostThrough(FaultProxy proxy) {
        return proxy.hostAndPort();
    }

    /** Stops the server if this handle owns it (not for {@link #shared()} or {@link Kind#EXTERNAL}). Idempotent. */
    @Override
    public void close() {
        if (closeable && owned != null) {
            closeQuietly(owned);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("could not stop a test Firestore server: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "FirestoreTestServer[" + kind.name().toLowerCase(Locale.ROOT) + " " + emulatorHost + "]";
    }
}
