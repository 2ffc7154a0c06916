package dev.stratum.testkit.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code redis-server} from the PATH that speaks only TLS, on a free loopback port, with a
 * certificate authority generated for the test ({@link TestCertificates}). Aborts the test when
 * {@code redis-server} or {@code openssl} is missing.
 *
 * <pre>{@code
 * try (RedisTlsServer tls = RedisTlsServer.start(false)) {
 *     RedisStore store = RedisStore.builder().uri(tls.uri()).trustedCertificates(tls.certificates().caCertificate()).build();
 * }
 * }</pre>
 */
public final class RedisTlsServer implements AutoCloseable {
    private final RedisProcess process;
    private final TestCertificates certificates;
    private final Path certDir;
    private final int tlsPort;

    private RedisTlsServer(RedisProcess process, TestCertificates certificates, Path certDir, int tlsPort) {
        this.process = process;
        this.certificates = certificates;
        this.certDir = certDir;
        this.tlsPort = tlsPort;
    }

    /**
     * Starts the server; with {@code requireClientCertificate} clients must present a certificate signed
     * by the test CA ({@code tls-auth-clients yes}), otherwise they need none.
     */
    public static RedisTlsServer start(boolean requireClientCertificate) {
        Path exe = RedisTestServer.requireOnPath("redis-server", "Redis (TLS)");
        Path dir;
        try {
            dir = Files.createTempDirectory("stratum-redis-tls-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TestCertificates certs = TestCertificates.generate(dir);
        int port = RedisProcess.freePort(false);
        RedisProcess p = RedisProcess.start(exe, 0, List.of("--tls-port", String.valueOf(port),
                "--tls-cert-file", certs.serverCertificate().toString(),
                "--tls-key-file", certs.serverKey().toString(),
                "--tls-ca-cert-file", certs.caCertificate().toString(),
                "--tls-auth-clients", requireClientCertificate ? "yes" : "no"), Duration.ofSeconds(30));
        return new RedisTlsServer(p, certs, dir, port);
    }

    /** {@code rediss://localhost:port}. */
    public String uri() {
        return "rediss://localhost:" + tlsPort;
    }

    public int port() {
        return tlsPort;
    }

    /** The CA and the certificates the server and a client may use. */
    public TestCertificates certificates() {
        return certificates;
    }

    /** Stops the server by its PID and deletes the certificates. Idempotent. */
    @Override
    public void close() {
        process.stop();
        RedisProcess.deleteQuietly(certDir);
    }
}
