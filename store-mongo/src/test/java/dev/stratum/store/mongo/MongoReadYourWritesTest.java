package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import dev.stratum.api.Capability;
import dev.stratum.testkit.domain.Counter;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.mongo.MongoTestServer;
import org.junit.jupiter.api.Test;

/**
 * {@link Capability#READ_YOUR_WRITES} follows where a repository reads and how it writes: declared for reads from
 * the primary after acknowledged writes (the default), not for a repository reading from secondaries or writing
 * unacknowledged, whose next query may not see its write.
 */
class MongoReadYourWritesTest {

    @Test
    void onlyPrimaryReadsAfterAcknowledgedWritesReadTheirOwnWrites() {
        assertThat(MongoStore.readsOwnWrites(ReadPreference.primary(), WriteConcern.ACKNOWLEDGED)).isTrue();
        assertThat(MongoStore.readsOwnWrites(ReadPreference.primary(), WriteConcern.MAJORITY)).isTrue();
        assertThat(MongoStore.readsOwnWrites(ReadPreference.primaryPreferred(), WriteConcern.ACKNOWLEDGED)).as("may fall back to a secondary")
                .isFalse();
        assertThat(MongoStore.readsOwnWrites(ReadPreference.secondaryPreferred(), WriteConcern.ACKNOWLEDGED)).isFalse();
        assertThat(MongoStore.readsOwnWrites(ReadPreference.nearest(), WriteConcern.ACKNOWLEDGED)).isFalse();
        assertThat(MongoStore.readsOwnWrites(ReadPreference.primary(), WriteConcern.UNACKNOWLEDGED)).isFalse();
    }

    @Test
    void eachRepositoryDeclaresItAsItsOptionsGiveIt() {
        MongoTestServer server = MongoTestServer.shared();
        try (MongoStore store = MongoStore.builder().uri(server.uri(MongoTestServer.uniqueDatabase("ryw")))
                .repository(Counter.class, MongoRepositoryOptions.builder().readPreference(ReadPreference.secondaryPreferred()).build())
                .build()) {
            assertThat(store.capabilities().supports(Capability.READ_YOUR_WRITES)).as("the store's default: primary").isTrue();
            assertThat(store.repository(Task.class).capabilities().supports(Capability.READ_YOUR_WRITES)).isTrue();
            assertThat(store.repository(Counter.class).capabilities().supports(Capability.READ_YOUR_WRITES)).as("secondaryPreferred")
                    .isFalse();
            assertThat(store.repository(Counter.class).capabilities().with(Capability.READ_YOUR_WRITES, true)).as("nothing else differs")
                    .isEqualTo(store.capabilities());
        }
    }
}
