package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Store;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.Stores;
import dev.stratum.testkit.DeadEndpoint;
import dev.stratum.testkit.domain.Task;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fail fast by default: a dead Redis (nothing listening, or a black hole that accepts and never answers
 * the handshake) is reported as {@link StoreUnavailableException} within seconds of the first use, not
 * after the command timeout. The bound is generous (a loaded machine), the defaults are checked exactly.
 */
class RedisFailFastTest {
    /** Above the 5 s connect default, below what the old behaviour (10 s command timeout, retried) took. */
    private static final Duration BOUND = Duration.ofSeconds(9);

    @ParameterizedTest(name = "black hole: {0}")
    @ValueSource(booleans = {false, true})
    void aDeadServerIsReportedWithinSecondsThroughStoresOpen(boolean blackHole) {
        try (DeadEndpoint dead = blackHole ? DeadEndpoint.blackHole() : DeadEndpoint.refusing();
                Store store = Stores.open("redis://" + dead.hostAndPort())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.repository(Task.class).findById("t1")).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(String.valueOf(dead.port()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        }
    }

    @ParameterizedTest(name = "black hole: {0}")
    @ValueSource(booleans = {false, true})
    void aDeadServerIsReportedWithinSecondsThroughTheBuilder(boolean blackHole) {
        try (DeadEndpoint dead = blackHole ? DeadEndpoint.blackHole() : DeadEndpoint.refusing();
                RedisStore store = RedisStore.builder().uri("redis://" + dead.hostAndPort()).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.repository(Task.class).count(dev.stratum.api.Query.all()))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
            assertThat(store.health().up()).isFalse();
        }
    }

    @Test
    void theDefaultsAndTheirOverrides() {
        RedisStoreConfig defaults = RedisStoreConfig.defaults();
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5)).isEqualTo(RedisStoreConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(defaults.commandTimeout()).isEqualTo(Duration.ofSeconds(10)).isEqualTo(RedisStoreConfig.DEFAULT_COMMAND_TIMEOUT);
        RedisStoreConfig fromUri = RedisStoreConfig.builder().uri("redis://db:6379?connectTimeout=7s&timeout=500ms").build();
        assertThat(fromUri.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(fromUri.commandTimeout()).isEqualTo(Duration.ofMillis(500));
    }
}
