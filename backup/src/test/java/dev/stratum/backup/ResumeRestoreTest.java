package dev.stratum.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.domain.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** A restore killed midway (a listener throws after N batches) continues from its checkpoint and ends exact. */
class ResumeRestoreTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aKilledRestoreResumesFromItsLastCompletedBatch(TestStores.Kind kind) {
        Store source = TestStores.Kind.MEMORY.open();
        Store target = kind.open();
        try {
            Repository<Task, String> tasks = source.repository(Task.class);
            List<Task> many = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                many.add(new Task(String.format("t%05d", i), "task " + i, null, null, i % 9, List.of("a", "b"), null, null, null,
                        Map.of("k", "v" + i), 0, null, null));
            }
            tasks.saveAll(many);
            Path archive = tmp.resolve("archive");
            Backup.export(source, archive, BackupOptions.defaults(), Task.class);
            // the target already holds stale copies of some archived tasks and is replaced
            target.<Task, String>repository(Task.class).insert(new Task("t00001", "stale", null, null, 1, List.of(), null, null, null,
                    Map.of(), 0, null, null));

            Path checkpoint = tmp.resolve("restore.ckpt");
            AtomicInteger batches = new AtomicInteger();
            BackupOptions killed = BackupOptions.builder().batchSize(100).mode(RestoreMode.REPLACE).checkpoint(checkpoint)
                    .listener(new BackupListener() {
                        @Override
                        public void onBatchWritten(Progress p) {
                            if (batches.incrementAndGet() == 7) {
                                throw new IllegalStateException("killed after 7 batches");
                            }
                        }
                    }).build();
            assertThatThrownBy(() -> Backup.restore(archive, target, killed, Task.class)).hasMessage("killed after 7 batches");
            assertThat(Files.exists(checkpoint)).isTrue();
            assertThat(target.repository(Task.class).count(Query.all())).isEqualTo(700);

            // the same job again (same options, so REPLACE — which must not wipe the 700 a second time)
            AtomicInteger more = new AtomicInteger();
            RestoreResult r = Backup.restore(archive, target, BackupOptions.builder().batchSize(100).mode(RestoreMode.REPLACE)
                    .checkpoint(checkpoint).listener(new BackupListener() {
                        @Override
                        public void onBatchWritten(Progress p) {
                            more.incrementAndGet();
                        }
                    }).build(), Task.class);
            assertThat(r.resumed()).isTrue();
            assertThat(r.written()).containsEntry("kit_tasks", 500L);
            assertThat(more.get()).isEqualTo(5);
            assertThat(Files.exists(checkpoint)).isFalse();
            assertThat(TestStores.contents(target, Task.class)).isEqualTo(TestStores.contents(source, Task.class));
            assertThat(Backup.verify(archive, target, BackupOptions.defaults(), Task.class).matches()).isTrue();
        } finally {
            TestStores.dispose(source, Task.class);
            TestStores.dispose(target, Task.class);
        }
    }
}
