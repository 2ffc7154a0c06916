package dev.stratum.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.testkit.Await;
import dev.stratum.testkit.redis.RedisTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = FaultProxy.start("127.0.0.1", echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(proxy.host(), proxy.port()), 2_000);
        s.setSoTimeout(5_000);
        return s;
    }

    private static byte[] roundTrip(Socket s, byte[] data) throws IOException {
        s.getOutputStream().write(data);
        s.getOutputStream().flush();
        return s.getInputStream().readNBytes(data.length);
    }

    @Test
    void forwardsBothWaysAndCounts() throws IOException {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (Socket s = connect()) {
            assertThat(roundTrip(s, data)).isEqualTo(data);
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
        assertThat(proxy.totalConnections()).isEqualTo(1);
        assertThat(proxy.bytesToServer()).isEqualTo(100_000);
        assertThat(proxy.bytesToClient()).isEqualTo(100_000);
        Await.until("the proxy closed the finished connection", Duration.ofSeconds(5), () -> proxy.openConnections() == 0);
        assertThat(proxy.resets()).isZero();
    }

    @Test
    void latencyDelaysEachDirection() throws IOException {
        proxy.latency(Duration.ofMillis(150), Duration.ofMillis(20));
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            assertThat(roundTrip(s, "ping".getBytes(StandardCharsets.US_ASCII))).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
            // a lower bound only: the proxy cannot be faster than its delay, whatever the machine's load
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            proxy.heal();
            assertThat(roundTrip(s, "pong".getBytes(StandardCharsets.US_ASCII))).asString(StandardCharsets.US_ASCII).isEqualTo("pong");
        }
    }

    @Test
    void bandwidthLimitsThroughput() throws IOException {
        proxy.bandwidth(100_000);
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            byte[] data = new byte[50_000];
            assertThat(roundTrip(s, data)).hasSize(50_000);
            // 50 kB each way at 100 kB/s: at least ~0.4 s (first chunk leaves at once)
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void resetAllBreaksOpenConnectionsAndNewOnesWork() throws IOException {
        try (Socket s = connect()) {
            roundTrip(s, new byte[] {1});
            assertThat(proxy.resetAll()).isEqualTo(1);
            assertThatThrownBy(() -> {
                s.getOutputStream().write(new byte[] {2});
                int r = s.getInputStream().read();
                if (r < 0) {
                    throw new IOException("end of stream");
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(proxy.resets()).isEqualTo(1);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, new byte[] {3})).containsExactly(3);
        }
    }

    @Test
    void resetAfterBytesCutsTheRequestExactly() throws IOException {
        proxy.resetAfterBytes(Direction.CLIENT_TO_SERVER, 50);
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[100]);
            assertThatThrownBy(() -> s.getInputStream().readNBytes(100)).isInstanceOf(IOException.class);
        }
        Await.until("the echo server saw the cut", Duration.ofSeconds(5), () -> echo.received.get() == 50);
        Await.until("the echo connection ended", Duration.ofSeconds(5), () -> echo.ended.get() == 1);
        assertThat(echo.received.get()).isEqualTo(50);
        // one shot: the next connection is whole
        try (Socket s = connect()) {
            assertThat(roundTrip(s, new byte[100])).hasSize(100);
        }
    }

    @Test
    void resetAfterBytesCutsTheReply() throws IOException {
        proxy.resetAfterBytes(Direction.SERVER_TO_CLIENT, 10);
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[100]);
            InputStream in = s.getInputStream();
            int got = 0;
            try {
                while (in.read() >= 0) {
                    got++;
                }
            } catch (IOException expected) {
                // reset
            }
            assertThat(got).isLessThanOrEqualTo(10);
        }
        assertThat(proxy.bytesToClient()).isEqualTo(10);
    }

    @Test
    void blackHoleNeverAnswersAndHealResetsTheDamagedConnection() throws IOException {
        try (Socket before = connect()) {
            roundTrip(before, new byte[] {1});
            proxy.blackHole();
            try (Socket during = connect()) {
                during.setSoTimeout(300);
                during.getOutputStream().write(new byte[] {2});
                assertThatThrownBy(() -> during.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            }
            before.setSoTimeout(300);
            before.getOutputStream().write(new byte[] {3});
            assertThatThrownBy(() -> before.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.heal();
            before.setSoTimeout(5_000);
            assertThatThrownBy(() -> {
                if (before.getInputStream().read() < 0) {
                    throw new IOException("end of stream");
                }
            }).isInstanceOf(IOException.class);
        }
        try (Socket after = connect()) {
            assertThat(roundTrip(after, new byte[] {4})).containsExactly(4);
        }
    }

    @Test
    void refuseClosesThePortUntilHealed() throws IOException {
        try (Socket open = connect()) {
            proxy.refuseConnections();
            assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
            assertThat(roundTrip(open, new byte[] {5})).containsExactly(5); // open connections are kept
        }
        proxy.heal();
        try (Socket s = connect()) {
            assertThat(roundTrip(s, new byte[] {6})).containsExactly(6);
        }
    }

    @Test
    void downRefusesAndResets() throws IOException {
        try (Socket s = connect()) {
            roundTrip(s, new byte[] {1});
            proxy.down();
            assertThatThrownBy(() -> {
                s.getOutputStream().write(new byte[] {2});
                if (s.getInputStream().read() < 0) {
                    throw new IOException("end of stream");
                }
            }).isInstanceOf(IOException.class);
            assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
        }
        proxy.heal();
        try (Socket s = connect()) {
            assertThat(roundTrip(s, new byte[] {7})).containsExactly(7);
        }
    }

    @Test
    void rewritesUrisKeepingUserAndOptions() {
        String port = String.valueOf(proxy.port());
        assertThat(proxy.rewrite("redis://u:p%40ss@10.0.0.5:6379/0?timeout=1s")).isEqualTo("redis://u:p%40ss@127.0.0.1:" + port + "/0?timeout=1s");
        assertThat(proxy.rewrite("http://127.0.0.1:9200")).isEqualTo("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> proxy.rewrite("mongodb://a:1,b:2/db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("several hosts");
    }

    @Test
    void proxiesRedis() throws IOException {
        RedisTestServer redis = RedisTestServer.shared();
        try (FaultProxy p = redis.startFaultProxy(); Socket s = new Socket()) {
            assertThat(redis.uriThrough(p)).isEqualTo("redis://127.0.0.1:" + p.port());
            s.connect(new InetSocketAddress(p.host(), p.port()), 2_000);
            s.setSoTimeout(5_000);
            assertThat(command(s, "SET fault-proxy-test v1", 5)).isEqualTo("+OK\r\n");
            assertThat(command(s, "GET fault-proxy-test", 8)).isEqualTo("$2\r\nv1\r\n");
            p.latency(Duration.ofMillis(100));
            assertThat(command(s, "PING", 7)).isEqualTo("+PONG\r\n");
            p.heal().resetAll();
            assertThatThrownBy(() -> command(s, "PING", 7)).isInstanceOf(IOException.class);
            try (Socket again = new Socket()) {
                again.connect(new InetSocketAddress(p.host(), p.port()), 2_000);
                again.setSoTimeout(5_000);
                assertThat(command(again, "GET fault-proxy-test", 8)).isEqualTo("$2\r\nv1\r\n");
                command(again, "DEL fault-proxy-test", 4);
            }
        }
    }

    private static String command(Socket s, String inline, int replyLength) throws IOException {
        s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] reply = s.getInputStream().readNBytes(replyLength);
        if (reply.length < replyLength) {
            throw new IOException("end of stream after " + reply.length + " bytes");
        }
        return new String(reply, StandardCharsets.US_ASCII);
    }

    /** Echoes every byte back; counts what it received and the connections that ended. */
    static final class EchoServer implements AutoCloseable {
        final ServerSocket server;
        final AtomicLong received = new AtomicLong();
        final AtomicLong ended = new AtomicLong();

        EchoServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::acceptLoop, "echo-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> echo(s), "echo");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void echo(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    received.addAndGet(n);
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // reset by the proxy
            } finally {
                ended.incrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
