package dev.stratum.store.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS-terminating loopback proxy in front of a plain-HTTP server (the test Elasticsearch, which runs with
 * security off): it serves a self-signed certificate made by the JDK's {@code keytool} (SAN {@code 127.0.0.1}),
 * records every {@code Authorization} header it sees, and forwards the bytes both ways unchanged.
 */
final class TlsRecordingProxy implements AutoCloseable {
    private final SSLServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Path caPem;
    private final String fingerprint;

    /** A self-signed certificate and its key in a PKCS#12 file, plus the certificate as PEM. */
    record Certificate(Path keyStore, Path pem, String sha256) {
        static Certificate generate(Path dir, String name) throws IOException, InterruptedException, java.security.GeneralSecurityException {
            Path ks = dir.resolve(name + ".p12");
            Path pem = dir.resolve(name + ".pem");
            keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit");
            keytool("-exportcert", "-rfc", "-alias", name, "-keystore", ks.toString(), "-storepass", "changeit", "-file", pem.toString());
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                store.load(in, "changeit".toCharArray());
            }
            X509Certificate cert = (X509Certificate) store.getCertificate(name);
            String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            return new Certificate(ks, pem, hex);
        }

        private static void keytool(String... args) throws IOException, InterruptedException {
            List<String> command = new java.util.ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out);
            }
        }
    }

    TlsRecordingProxy(Certificate certificate, String targetHost, int targetPort) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificate.keyStore())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        this.server = (SSLServerSocket) ssl.getServerSocketFactory().createServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.caPem = certificate.pem();
        this.fingerprint = certificate.sha256();
        Thread accept = new Thread(this::acceptLoop, "tls-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** {@code https://127.0.0.1:<port>}. */
    String url() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    Path caPem() {
        return caPem;
    }

    /** The SHA-256 fingerprint of the proxy's certificate, {@code AB:CD:…}. */
    String fingerprint() {
        return fingerprint;
    }

    /** Every {@code Authorization} header value seen so far, in order. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed, or a client that failed its handshake: keep accepting until closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        Thread t = new Thread(() -> {
            StringBuilder line = new StringBuilder();
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (request) {
                        scan(buf, n, line);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Collects header lines (bodies are JSON: they hold no line starting with {@code Authorization:}). */
    private void scan(byte[] buf, int n, StringBuilder line) {
        for (int i = 0; i < n; i++) {
            char c = (char) (buf[i] & 0xff);
            if (c == '\n') {
                String l = line.toString().strip();
                if (l.toLowerCase(Locale.ROOT).startsWith("authorization:")) {
                    authorizations.add(l.substring("authorization:".length()).strip());
                }
                line.setLength(0);
            } else if (line.length() < 8192) {
                line.append(c);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(TlsRecordingProxy::closeQuietly);
    }
}
