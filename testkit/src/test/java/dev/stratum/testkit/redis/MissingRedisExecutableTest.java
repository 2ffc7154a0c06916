package dev.stratum.testkit.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The Redis servers' missing-executable path (shared by RedisTestServer.startLocal, the cluster, Sentinel and TLS) in both modes. */
class MissingRedisExecutableTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(Aborts.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(Aborts.PROPERTY);
        } else {
            System.setProperty(Aborts.PROPERTY, saved);
        }
    }

    @Test
    void skipsByDefaultAndFailsWhenRequired() {
        System.setProperty(Aborts.PROPERTY, "optional");
        assertThatThrownBy(() -> RedisTestServer.requireOnPath("no-such-redis-server-x1", "Redis Cluster"))
                .isExactlyInstanceOf(TestAbortedException.class).hasMessageContaining("Redis Cluster").hasMessageContaining("no-such-redis-server-x1");
        System.setProperty(Aborts.PROPERTY, "required");
        assertThatThrownBy(() -> RedisTestServer.requireOnPath("no-such-redis-server-x1", "Redis Cluster"))
                .isInstanceOf(Aborts.TestServerUnavailableError.class).hasMessageContaining("Redis Cluster test server could not start")
                .hasMessageContaining("no-such-redis-server-x1").hasMessageContaining("STRATUM_TEST_SERVERS=required");
    }
}
