package dev.stratum.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.domain.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consistency hook: a plug-in that serves the store opens the reads and is recorded; otherwise the best-effort default. */
class ConsistencyPluginTest {
    @TempDir
    Path tmp;

    @Test
    void aPluginServingTheStoreReadsTheExportAndIsRecordedInTheManifest() {
        List<String> calls = new ArrayList<>();
        ExportConsistency plugin = new ExportConsistency() {
            @Override
            public boolean supports(Store store) {
                return store.name().equals("memory");
            }

            @Override
            public ReadScope open(Store store) {
                calls.add("open");
                return new ReadScope() {
                    @Override
                    public Consistency consistency() {
                        return new Consistency(Consistency.Level.SNAPSHOT, "test: one point in time", "everything as of open()");
                    }

                    @Override
                    public <T> Stream<T> stream(Repository<T, ?> repository, Query query) {
                        calls.add("stream " + repository.metadata().collection());
                        return repository.stream(query);
                    }

                    @Override
                    public void close() {
                        calls.add("close");
                    }
                };
            }
        };
        Store store = TestStores.Kind.MEMORY.open();
        RoundTripTest.seed(store);
        Manifest m = Backup.export(store, tmp.resolve("a"), BackupOptions.builder().consistency(plugin).build(), Task.class);
        assertThat(calls).containsExactly("open", "stream kit_tasks", "close");
        assertThat(m.consistency()).isEqualTo(new Consistency(Consistency.Level.SNAPSHOT, "test: one point in time", "everything as of open()"));
        assertThat(Backup.manifest(tmp.resolve("a")).consistency()).isEqualTo(m.consistency());

        // a plug-in for another store is not asked to open: the default records what it guarantees
        Manifest other = Backup.export(store, tmp.resolve("b"), BackupOptions.builder().consistency(new ExportConsistency() {
            @Override
            public boolean supports(Store s) {
                return s.name().equals("elasticsearch");
            }

            @Override
            public ReadScope open(Store s) {
                throw new AssertionError("not for this store");
            }
        }).build(), Task.class);
        assertThat(other.consistency().level()).isEqualTo(Consistency.Level.PER_TYPE_SNAPSHOT);
        assertThat(other.consistency().mechanism()).startsWith("memory");
    }

    @Test
    void optionsAreValidatedAtBuild() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BackupOptions.builder().batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThat(BackupOptions.defaults().mode()).isEqualTo(RestoreMode.REFUSE_IF_NOT_EMPTY);
        assertThat(Query.all()).isNotNull();
    }
}
