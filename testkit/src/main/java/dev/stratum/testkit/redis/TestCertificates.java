package dev.stratum.testkit.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority with a server certificate for {@code localhost}/{@code 127.0.0.1}
 * and a client certificate, all PEM (EC P-256, PKCS#8 keys), generated with the {@code openssl}
 * command-line tool in a folder of the caller's choosing. Valid for two days.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.generate(Files.createTempDirectory("tls"));
 * certs.caCertificate();   // trust this on the client
 * }</pre>
 *
 * @param caCertificate the CA certificate (PEM)
 * @param serverCertificate the server certificate, signed by the CA, with SANs localhost and 127.0.0.1
 * @param serverKey the server's private key (PKCS#8 PEM, unencrypted)
 * @param clientCertificate a client certificate signed by the CA (for mutual TLS)
 * @param clientKey the client's private key (PKCS#8 PEM, unencrypted)
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey, Path clientCertificate, Path clientKey) {

    /** Generates the CA and both certificates into {@code dir}; aborts the test if {@code openssl} is missing. */
    public static TestCertificates generate(Path dir) {
        Path openssl = RedisTestServer.requireOnPath("openssl", "Redis (TLS)");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                    + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
            Files.writeString(dir.resolve("client.ext"), "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                    + "extendedKeyUsage=clientAuth\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write into " + dir, e);
        }
        run(dir, openssl, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key");
        run(dir, openssl, "req", "-x509", "-new", "-key", "ca.key", "-sha256", "-days", "2", "-subj", "/CN=Stratum Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.crt");
        for (String who : new String[] {"server", "client"}) {
            run(dir, openssl, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", who + ".key");
            run(dir, openssl, "req", "-new", "-key", who + ".key", "-subj", "/CN=" + (who.equals("server") ? "localhost" : "stratum-test-client"),
                    "-out", who + ".csr");
            run(dir, openssl, "x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                    "-sha256", "-extfile", who + ".ext", "-out", who + ".crt");
        }
        return new TestCertificates(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"),
                dir.resolve("client.crt"), dir.resolve("client.key"));
    }

    private static void run(Path dir, Path openssl, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(openssl.toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw Aborts.serverUnavailable("Redis (TLS)", "openssl " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw Aborts.serverUnavailable("Redis (TLS)", "cannot run openssl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
