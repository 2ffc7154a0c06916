package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Store;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.Stores;
import dev.stratum.store.mongo.internal.MongoConnection;
import dev.stratum.testkit.DeadEndpoint;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fail fast by default: a dead MongoDB (nothing listening, or a black hole that accepts and never
 * answers) is reported as {@link StoreUnavailableException} within seconds of the first use, not after
 * the driver's 30 s. The bound asserted is generous (a loaded machine); the defaults are checked exactly
 * on the driver settings.
 */
class MongoFailFastTest {
    /** Far below the driver's own 30 s server selection, far above Stratum's 5 s default. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Entity("notes")
    record Note(@Id @Nullable String id, String text) {}

    @ParameterizedTest(name = "black hole: {0}")
    @ValueSource(booleans = {false, true})
    void aDeadServerIsReportedWithinSecondsThroughStoresOpen(boolean blackHole) {
        try (DeadEndpoint dead = blackHole ? DeadEndpoint.blackHole() : DeadEndpoint.refusing();
                Store store = Stores.open("mongodb://" + dead.hostAndPort() + "/failfast")) {
            long start = System.nanoTime();
            // refused: unavailable; a black hole (accepts, never answers) times out the handshake: a timeout
            assertThatThrownBy(() -> store.repository(Note.class)).isInstanceOf(blackHole ? StoreTimeoutException.class : StoreUnavailableException.class)
                    .hasMessageContaining(String.valueOf(dead.port()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        }
    }

    @ParameterizedTest(name = "black hole: {0}")
    @ValueSource(booleans = {false, true})
    void aDeadServerIsReportedWithinSecondsThroughTheBuilder(boolean blackHole) {
        try (DeadEndpoint dead = blackHole ? DeadEndpoint.blackHole() : DeadEndpoint.refusing();
                MongoStore store = MongoStore.builder().uri("mongodb://" + dead.hostAndPort()).database("failfast").build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.capabilities()).isInstanceOf(blackHole ? StoreTimeoutException.class : StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
            assertThat(store.health().up()).isFalse();
        }
    }

    @Test
    void theDefaultsAreStratumsAndTheUriOrBaseSettingsOverrideThem() {
        MongoClientSettings defaults = MongoConnection.settings(MongoStoreConfig.builder().uri("mongodb://db1/app").build(), null);
        assertThat(defaults.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3_000);
        assertThat(defaults.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
        assertThat(defaults.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).as("per operation: the driver's (none)").isZero();

        MongoClientSettings fromUri = MongoConnection.settings(MongoStoreConfig.builder()
                .uri("mongodb://db1/app?connectTimeoutMS=7000&serverSelectionTimeoutMS=9000").build(), null);
        assertThat(fromUri.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(7_000);
        assertThat(fromUri.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(9_000);

        MongoClientSettings base = MongoClientSettings.builder().applyToClusterSettings(c -> c.serverSelectionTimeout(12, TimeUnit.SECONDS)).build();
        MongoClientSettings fromBase = MongoConnection.settings(MongoStoreConfig.builder().uri("mongodb://db1/app").clientSettings(base).build(), null);
        assertThat(fromBase.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(12_000);
    }
}
