package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Store;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.Stores;
import dev.stratum.testkit.DeadEndpoint;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fail fast by default: a dead Elasticsearch (nothing listening, or a black hole that accepts and never
 * answers) is reported as {@link StoreUnavailableException} within seconds when the first repository is
 * created, not after the 30 s socket timeout. The bound is generous (a loaded machine).
 */
class ElasticFailFastTest {
    /** Well above the 5 s default, well below the 30 s per-request socket timeout. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    @Entity("notes")
    record Note(@Id @Nullable String id, String text) {}

    @ParameterizedTest(name = "black hole: {0}")
    @ValueSource(booleans = {false, true})
    void aDeadServerIsReportedWithinSecondsThroughStoresOpen(boolean blackHole) {
        try (DeadEndpoint dead = blackHole ? DeadEndpoint.blackHole() : DeadEndpoint.refusing();
                Store store = Stores.open("http://" + dead.hostAndPort())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.repository(Note.class)).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(String.valueOf(dead.port()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        }
    }

    /** The builder with a connect timeout of its own (the defaults are the case above): the first contact honours it. */
    @ParameterizedTest(name = "black hole: {0}")
    @ValueSource(booleans = {false, true})
    void aDeadServerIsReportedWithinSecondsThroughTheBuilder(boolean blackHole) {
        try (DeadEndpoint dead = blackHole ? DeadEndpoint.blackHole() : DeadEndpoint.refusing();
                ElasticStore store = ElasticStore.builder().uri("http://" + dead.hostAndPort()).connectTimeout(Duration.ofSeconds(1)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.repository(Note.class)).isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        }
    }

    @Test
    void theDefaults() {
        ElasticStoreConfig c = new ElasticStoreConfig.Builder<ElasticStoreConfig>(x -> x).uri("http://es:9200").build();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5)).isEqualTo(ElasticStoreConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(c.socketTimeout()).isEqualTo(Duration.ofSeconds(30)).isEqualTo(ElasticStoreConfig.DEFAULT_SOCKET_TIMEOUT);
    }
}
