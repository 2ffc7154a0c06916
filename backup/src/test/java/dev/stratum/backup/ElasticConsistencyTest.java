package dev.stratum.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.backup.internal.ElasticPointInTimeConsistency;
import dev.stratum.testkit.domain.AllTypes;
import dev.stratum.testkit.domain.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Elasticsearch consistency plug-in (found by ServiceLoader): every type is read from one point in
 * time opened when the export starts, so writes made while it runs are not seen, and the manifest says so.
 */
class ElasticConsistencyTest {
    @TempDir
    Path tmp;

    @Test
    void anExportReadsEveryTypeAsOfOnePointInTime() {
        Store elastic = TestStores.Kind.ELASTICSEARCH.open();
        try {
            RoundTripTest.seed(elastic);
            Manifest m = Backup.export(elastic, tmp.resolve("a"), BackupOptions.defaults(), AllTypes.class, Task.class);
            assertThat(m.consistency().level()).isEqualTo(Consistency.Level.SNAPSHOT);
            assertThat(m.consistency().mechanism()).startsWith("elasticsearch: one point in time");
            assertThat(Backup.manifest(tmp.resolve("a")).consistency()).isEqualTo(m.consistency());

            Repository<Task, String> tasks = elastic.repository(Task.class);
            List<String> before = TestStores.contents(elastic, Task.class);
            try (ExportConsistency.ReadScope scope = new ElasticPointInTimeConsistency().open(elastic)) {
                // written after the point in time was opened: an insert, an update and a delete
                tasks.insert(new Task("later", "written during the export", null, null, 1, List.of(), null, null, null, Map.of(), 0, null, null));
                tasks.update(tasks.findById("t2").orElseThrow().withTitle("changed during the export"));
                tasks.deleteById("t3");
                try (Stream<Task> s = scope.stream(tasks, Query.all())) {
                    assertThat(s.map(TestStores::canonical).sorted().toList()).isEqualTo(before);
                }
                try (Stream<AllTypes> s = scope.stream(elastic.repository(AllTypes.class), Query.all())) {
                    assertThat(s.count()).isEqualTo(4);
                }
            }
            assertThat(tasks.count(Query.all())).isEqualTo(6);
            assertThat(tasks.findById("t2").orElseThrow().title()).isEqualTo("changed during the export");
        } finally {
            TestStores.dispose(elastic, AllTypes.class, Task.class);
        }
    }
}
