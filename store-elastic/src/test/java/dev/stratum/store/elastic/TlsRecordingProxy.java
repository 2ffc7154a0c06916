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
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.jspecify.annotations.Nullable;

/**
 * A TLS-terminating loopback proxy in front of a plain-HTTP server (the test Elasticsearch, which runs with
 * security off): it serves a self-signed certificate made by the JDK's {@code keytool} (SAN {@code 127.0.0.1}),
 * records every {@code Authorization} header it sees (and every request header line), and forwards the bytes both
 * ways unchanged. {@link #plain} makes one without TLS (to see request headers); {@link #answer} makes it answer every
 * new connection's requests itself with a status, as a secured Elasticsearch refusing a credential does.
 */
final class TlsRecordingProxy implements AutoCloseable {
    private static final java.util.regex.Pattern HEADER = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9-]*: .*");
    private final ServerSocket server;
    private final boolean tls;
    private final List<String> headers = new CopyOnWriteArrayList<>();
    private volatile int answerStatus;
    private volatile boolean answerWithBody;
    private final String targetHost;
    private final int targetPort;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final @Nullable Path caPem;
    private final @Nullable String fingerprint;

    /** A self-signed certificate and its key in a PKCS#12 file, plus the certificate as PEM. */
    record Certificate(Path keyStore, Path pem, String sha256) {
        static Certificate generate(Path dir, String name) throws IOException, InterruptedException, java.security.GeneralSecurityException {
            return generate(dir, name, "ip:127.0.0.1,dns:localhost");
        }

        /** A certificate naming only {@code san} (keytool's form, e.g. {@code dns:other.example}). */
        static Certificate generate(Path dir, String name, String san) throws IOException, InterruptedException,
                java.security.GeneralSecurityException {
            Path ks = dir.resolve(name + ".p12");
            Path pem = dir.resolve(name + ".pem");
            keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12",
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
        this(certificate, targetHost, targetPort, true);
    }

    /** A proxy without TLS ({@code http://127.0.0.1:<port>}), recording headers the same way. */
    static TlsRecordingProxy plain(String targetHost, int targetPort) throws Exception {
        return new TlsRecordingProxy(null, targetHost, targetPort, false);
    }

    private TlsRecordingProxy(@Nullable Certificate certificate, String targetHost, int targetPort, boolean tls) throws Exception {
        this.tls = tls;
        if (certificate != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(certificate.keyStore())) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            this.server = (SSLServerSocket) ssl.getServerSocketFactory().createServerSocket();
        } else {
            this.server = new ServerSocket();
        }
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.caPem = certificate == null ? null : certificate.pem();
        this.fingerprint = certificate == null ? null : certificate.sha256();
        Thread accept = new Thread(this::acceptLoop, "tls-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** {@code https://127.0.0.1:<port>} ({@code http://} for a {@link #plain} one). */
    String url() {
        return (tls ? "https://" : "http://") + hostAndPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    String hostAndPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    Path caPem() {
        return Objects.requireNonNull(caPem, "a plain proxy has no certificate");
    }

    /** The SHA-256 fingerprint of the proxy's certificate, {@code AB:CD:…}. */
    String fingerprint() {
        return Objects.requireNonNull(fingerprint, "a plain proxy has no certificate");
    }

    /** Every request header line seen so far ({@code name: value}, the name lower-cased), in order. */
    List<String> headers() {
        return List.copyOf(headers);
    }

    /**
     * From now on, new connections are not forwarded: each request is answered by the proxy with {@code status} and,
     * if {@code withBody}, an Elasticsearch {@code security_exception} body as a secured server sends it (0: forward
     * again).
     */
    TlsRecordingProxy answer(int status, boolean withBody) {
        this.answerWithBody = withBody;
        this.answerStatus = status;
        return this;
    }

    /** Every {@code Authorization} header value seen so far, in order. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                int status = answerStatus;
                if (status != 0) {
                    open.add(client);
                    answering(client, status, answerWithBody);
                    continue;
                }
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

    private void answering(Socket client, int status, boolean withBody) {
        Thread t = new Thread(() -> {
            try (InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                StringBuilder line = new StringBuilder();
                String requestLine = null;
                int c;
                while ((c = in.read()) >= 0) {
                    if (c != '\n') {
                        line.append((char) c);
                        continue;
                    }
                    String l = line.toString().strip();
                    line.setLength(0);
                    if (requestLine == null) {
                        requestLine = l;
                    } else if (!l.isEmpty()) {
                        scan((l + "\n").getBytes(StandardCharsets.ISO_8859_1), l.length() + 1, new StringBuilder());
                    } else {
                        String path = requestLine.split(" ").length > 1 ? requestLine.split(" ")[1] : "/";
                        String reason = status == 401 ? "unable to authenticate user [app] for REST request [" + path + "]"
                                : "action [cluster:monitor/health] is unauthorized for user [app] with effective roles [viewer]";
                        String body = withBody ? "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"" + reason
                                + "\"}],\"type\":\"security_exception\",\"reason\":\"" + reason + "\"},\"status\":" + status + "}" : "";
                        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                        String head = "HTTP/1.1 " + status + (status == 401 ? " Unauthorized" : " Forbidden") + "\r\n"
                                + "X-elastic-product: Elasticsearch\r\n"
                                + (status == 401 ? "WWW-Authenticate: Basic realm=\"security\", charset=\"UTF-8\"\r\n" : "")
                                + (withBody ? "Content-Type: application/json\r\n" : "")
                                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
                        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                        out.write(bytes);
                        out.flush();
                        return; // requests here carry no body (GET): one answer, then the connection closes
                    }
                }
            } catch (IOException e) {
                // the client closed
            } finally {
                closeQuietly(client);
            }
        }, "tls-proxy-answer");
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
                if (HEADER.matcher(l).matches()) {
                    int colon = l.indexOf(':');
                    headers.add(l.substring(0, colon).toLowerCase(Locale.ROOT) + l.substring(colon));
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
