package dev.stratum.api.migration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Capabilities;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Health;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import org.junit.jupiter.api.Test;

class MigrationTargetsTest {

    /** A store without the migration SPI. */
    static final class PlainStore implements Store {
        @Override public String name() { return "plain"; }
        @Override public Capabilities capabilities() { throw new UnsupportedOperationException(); }
        @Override public <T, ID> Repository<T, ID> repository(Class<T> entityType) { throw new UnsupportedOperationException(); }
        @Override public Health health() { throw new UnsupportedOperationException(); }
        @Override public <N> N unwrap(Class<N> type) { throw new IllegalArgumentException(); }
        @Override public void close() {}
    }

    @Test
    void aStoreWithoutTheSpiIsRefusedByName() {
        assertThatThrownBy(() -> MigrationTargets.of(new PlainStore()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'plain'")
                .hasMessageContaining("MigrationTargetProvider");
    }
}
