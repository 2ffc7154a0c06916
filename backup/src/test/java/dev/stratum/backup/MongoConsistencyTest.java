package dev.stratum.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Store;
import dev.stratum.backup.internal.MongoSnapshotConsistency;
import dev.stratum.testkit.domain.AllTypes;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MongoDB consistency plug-in. Its snapshot session needs a replica set (MongoDB 5.0+), which this
 * machine cannot run: on {@code mongo-java-server} the test checks the recorded fallback and that the
 * plug-in's native read path (cursor + the store's codec, as used inside the snapshot session) gives
 * byte-for-byte the documents the repository gives.
 */
class MongoConsistencyTest {
    @TempDir
    Path tmp;

    @Test
    void standaloneRecordsItsBestEffortFallback() {
        Store mongo = TestStores.Kind.MONGODB.open();
        try {
            RoundTripTest.seed(mongo);
            Manifest m = Backup.export(mongo, tmp.resolve("a"), BackupOptions.defaults(), Task.class);   // plug-in found by ServiceLoader
            if (!MongoTestServer.shared().isRealMongoDB()) {
                assertThat(m.consistency().level()).isEqualTo(Consistency.Level.BEST_EFFORT);
                assertThat(m.consistency().mechanism()).contains("standalone server or mongo-java-server (no snapshot reads)");
            } else {
                assertThat(m.consistency().mechanism()).startsWith("mongodb");
            }
        } finally {
            TestStores.dispose(mongo, Task.class);
        }
    }

    @Test
    void theNativeReadPathGivesTheRepositorysDocumentsExactly() {
        Store mongo = TestStores.Kind.MONGODB.open();
        Store memory = TestStores.Kind.MEMORY.open();
        try {
            RoundTripTest.seed(mongo);
            BackupOptions nativeReads = BackupOptions.builder().consistency(new MongoSnapshotConsistency(true)).build();
            Backup.export(mongo, tmp.resolve("a"), nativeReads, AllTypes.class, Task.class);
            Backup.restore(tmp.resolve("a"), memory, BackupOptions.defaults());
            assertThat(TestStores.contents(memory, AllTypes.class)).isEqualTo(TestStores.contents(mongo, AllTypes.class));
            assertThat(TestStores.contents(memory, Task.class)).isEqualTo(TestStores.contents(mongo, Task.class));
            // copy reads in id order (and after the checkpointed id) through the same path
            Store memory2 = TestStores.Kind.MEMORY.open();
            CopyResult c = Backup.copy(mongo, memory2, nativeReads, AllTypes.class, Task.class);
            assertThat(c.verified()).hasValueSatisfying(v -> assertThat(v.matches()).as(v.toString()).isTrue());
        } finally {
            TestStores.dispose(mongo, AllTypes.class, Task.class);
        }
    }
}
