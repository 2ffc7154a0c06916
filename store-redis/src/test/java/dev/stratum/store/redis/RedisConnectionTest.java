package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.Health;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.redis.RedisTestServer;
import dev.stratum.testkit.redis.RedisTlsServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Real TLS, ACL credentials, a server that goes away, command timeouts and health. */
class RedisConnectionTest {
    private static final String SECRET = "n0t-In-Logs-42";

    @Test
    void tlsWithATestCaAndMutualTls() {
        try (RedisTlsServer tls = RedisTlsServer.start(false);
                RedisStore store = RedisStore.builder().uri(tls.uri()).trustedCertificates(tls.certificates().caCertificate()).build()) {
            Repository<Task, String> tasks = store.repository(Task.class);
            Task t = tasks.insert(Task.create("over TLS", Task.Status.OPEN, 1));
            assertThat(tasks.findById(t.id())).contains(t);
            assertThat(store.health().up()).isTrue();
            try (RedisStore untrusting = RedisStore.builder().uri(tls.uri()).connectTimeout(Duration.ofSeconds(3)).build()) {
                assertThatThrownBy(() -> untrusting.repository(Task.class).findById("x")).as("the JVM does not trust the test CA")
                        .isInstanceOf(StoreUnavailableException.class);
            }
        }
        try (RedisTlsServer mtls = RedisTlsServer.start(true)) {
            try (RedisStore store = RedisStore.builder().uri(mtls.uri()).trustedCertificates(mtls.certificates().caCertificate())
                    .clientCertificate(mtls.certificates().clientCertificate(), mtls.certificates().clientKey()).build()) {
                assertThat(store.repository(Task.class).count(Query.all())).isZero();
            }
            try (RedisStore anonymous = RedisStore.builder().uri(mtls.uri()).trustedCertificates(mtls.certificates().caCertificate())
                    .connectTimeout(Duration.ofSeconds(3)).build()) {
                assertThatThrownBy(() -> anonymous.repository(Task.class).count(Query.all())).isInstanceOf(DataAccessException.class);
            }
        }
    }

    @Test
    void aclCredentialsComeFromASupplierAndNeverShowInMessages() {
        try (RedisTestServer server = RedisTestServer.startLocal(List.of("--user", "default", "off",
                "--user", "app", "on", ">" + SECRET, "~*", "&*", "+@all"))) {
            AtomicInteger asked = new AtomicInteger();
            try (RedisStore store = RedisStore.builder().uri(server.uri())
                    .credentials(() -> {
                        asked.incrementAndGet();
                        return RedisCredentials.just("app", SECRET);
                    }).build()) {
                Repository<Task, String> tasks = store.repository(Task.class);
                tasks.insert(Task.create("authenticated", Task.Status.OPEN, 1));
                assertThat(tasks.count(Query.all())).isEqualTo(1);
                assertThat(asked.get()).as("the supplier is asked when connecting").isPositive();
                assertThat(store.toString()).doesNotContain(SECRET);
            }
            try (RedisStore wrong = RedisStore.builder().uri("redis://app:" + SECRET + "x@127.0.0.1:" + server.port()).build()) {
                assertThatThrownBy(() -> wrong.repository(Task.class).count(Query.all())).isInstanceOf(DataAccessException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET))
                        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(SECRET));
                Health h = wrong.health();
                assertThat(h.up()).isFalse();
                assertThat(h.error()).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void aServerThatGoesAwayGivesStoreUnavailable() {
        RedisTestServer server = RedisTestServer.start();
        try (RedisStore store = RedisStore.builder().uri(server.uri()).connectTimeout(Duration.ofSeconds(2)).build()) {
            Repository<Task, String> tasks = store.repository(Task.class);
            Task t = tasks.insert(Task.create("before", Task.Status.OPEN, 1));
            server.close();
            assertThatThrownBy(() -> tasks.findById(t.id())).isInstanceOf(StoreUnavailableException.class)
                    .satisfies(e -> assertThat(((DataAccessException) e).errorCode().isTransient()).isTrue());
            assertThatThrownBy(() -> tasks.insert(Task.create("after", Task.Status.OPEN, 1))).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> tasks.find(Query.all())).isInstanceOf(StoreUnavailableException.class);
            Health h = store.health();
            assertThat(h.up()).isFalse();
            assertThat(h.error()).isNotBlank();
        } finally {
            server.close();
        }
        try (RedisStore nothing = RedisStore.builder().uri("redis://127.0.0.1:1").connectTimeout(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(() -> nothing.repository(Task.class).findById("x")).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:1");
        }
    }

    @Test
    void aCommandThatTakesTooLongGivesStoreTimeout() {
        try (RedisTestServer server = RedisTestServer.startLocal(List.of());
                RedisStore store = RedisStore.builder().uri(server.uri()).commandTimeout(Duration.ofMillis(300)).build();
                RedisClient admin = RedisClient.create(server.uri())) {
            Repository<Task, String> tasks = store.repository(Task.class);
            tasks.count(Query.all());
            try (StatefulRedisConnection<String, String> c = admin.connect()) {
                RedisCommands<String, String> redis = c.sync();
                redis.clientPause(1_500);
                assertThatThrownBy(() -> tasks.findById("any")).isInstanceOf(StoreTimeoutException.class)
                        .satisfies(e -> assertThat(((DataAccessException) e).errorCode().isTransient()).isTrue());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    assertThat(tasks.count(Query.all())).as("works again once the pause is over").isZero();
                    break;
                } catch (StoreTimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
        }
    }

    @Test
    void aSentinelManagedMasterIsFoundThroughTheSentinel() {
        try (dev.stratum.testkit.redis.RedisTestSentinel sentinel = dev.stratum.testkit.redis.RedisTestSentinel.start();
                RedisStore store = RedisStore.builder().uri(sentinel.uri()).build()) {
            assertThat(store.config().mode()).isEqualTo(RedisStoreConfig.Mode.SENTINEL);
            Repository<Task, String> tasks = store.repository(Task.class);
            Task t = tasks.insert(Task.create("via sentinel", Task.Status.OPEN, 1));
            assertThat(tasks.find(Query.where(dev.stratum.api.Filter.eq("status", Task.Status.OPEN)))).containsExactly(t);
            try (RedisClient direct = RedisClient.create(sentinel.master().uri());
                    StatefulRedisConnection<String, String> c = direct.connect()) {
                assertThat(c.sync().exists("{stratum:kit_tasks}:d:" + t.id())).as("written to the master").isEqualTo(1);
            }
        }
    }

    @Test
    void healthAndUnwrap() {
        try (RedisStore store = RedisTestStores.newStore()) {
            Health h = store.health();
            assertThat(h.up()).isTrue();
            assertThat(h.serverVersion()).isNotBlank();
            assertThat(store.unwrap(RedisClient.class)).isNotNull();
            @SuppressWarnings("unchecked")
            RedisCommands<String, String> redis = store.unwrap(RedisCommands.class);
            assertThat(redis.ping()).isEqualTo("PONG");
            Repository<Task, String> tasks = store.repository(Task.class);
            assertThat(tasks.unwrap(RedisClient.class)).isSameAs(store.unwrap(RedisClient.class));
            assertThatThrownBy(() -> store.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
