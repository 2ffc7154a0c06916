package dev.stratum.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.domain.AllTypes;
import dev.stratum.testkit.domain.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy between stores without an intermediate file: MongoDB → Redis → InMemory, and a killed copy resumed. */
class CrossStoreCopyTest {
    @TempDir
    Path tmp;

    @Test
    void mongoToRedisToMemoryKeepsEveryDocument() {
        Store mongo = TestStores.Kind.MONGODB.open();
        Store redis = TestStores.Kind.REDIS.open();
        Store memory = TestStores.Kind.MEMORY.open();
        try {
            RoundTripTest.seed(mongo);
            List<Progress> reports = new ArrayList<>();
            BackupOptions options = BackupOptions.builder().batchSize(2).listener(new BackupListener() {
                @Override
                public void onProgress(Progress p) {
                    reports.add(p);
                }
            }).build();

            CopyResult first = Backup.copy(mongo, redis, options, AllTypes.class, Task.class);
            assertThat(first.copied().written()).containsEntry("kit_all_types", 4L).containsEntry("kit_tasks", 6L);
            assertThat(first.copied().consistency().mechanism()).startsWith("mongodb");
            assertThat(first.verified()).hasValueSatisfying(v -> assertThat(v.matches()).as(v.toString()).isTrue());

            CopyResult second = Backup.copy(redis, memory, options, AllTypes.class, Task.class);
            assertThat(second.copied().consistency().level()).isEqualTo(Consistency.Level.BEST_EFFORT);
            assertThat(second.verified()).hasValueSatisfying(v -> assertThat(v.matches()).as(v.toString()).isTrue());

            for (Class<?> type : List.of(AllTypes.class, Task.class)) {
                assertThat(TestStores.contents(redis, type)).isEqualTo(TestStores.contents(mongo, type));
                assertThat(TestStores.contents(memory, type)).isEqualTo(TestStores.contents(mongo, type));
            }
            assertThat(memory.<Task, String>repository(Task.class).findById("t6").orElseThrow().version()).isEqualTo(3);
            assertThat(reports).anySatisfy(p -> {
                assertThat(p.phase()).isEqualTo("copy");
                assertThat(p.documents()).isEqualTo(6);
                assertThat(p.total()).isEqualTo(6);
            });
        } finally {
            TestStores.dispose(mongo, AllTypes.class, Task.class);
            TestStores.dispose(redis, AllTypes.class, Task.class);
            TestStores.dispose(memory, AllTypes.class, Task.class);
        }
    }

    @Test
    void aKilledCopyResumesAfterItsLastBatch() {
        Store mongo = TestStores.Kind.MONGODB.open();
        Store redis = TestStores.Kind.REDIS.open();
        try {
            Repository<Task, String> tasks = mongo.repository(Task.class);
            List<Task> many = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                many.add(new Task(String.format("task-%04d", i), "t" + i, null, null, i % 7, List.of("x"), null, null, null, Map.of(), 0, null, null));
            }
            assertThat(tasks.saveAll(many).failures()).isEmpty();
            Path checkpoint = tmp.resolve("copy.ckpt");
            AtomicInteger batches = new AtomicInteger();
            BackupOptions killed = BackupOptions.builder().batchSize(100).checkpoint(checkpoint).listener(new BackupListener() {
                @Override
                public void onBatchWritten(Progress p) {
                    if (batches.incrementAndGet() == 4) {
                        throw new IllegalStateException("killed after 4 batches");
                    }
                }
            }).build();
            assertThatThrownBy(() -> Backup.copy(mongo, redis, killed, Task.class)).hasMessageContaining("killed");
            assertThat(Files.exists(checkpoint)).isTrue();
            assertThat(redis.repository(Task.class).count(Query.all())).isEqualTo(400);

            AtomicInteger written = new AtomicInteger();
            CopyResult resumed = Backup.copy(mongo, redis, BackupOptions.builder().batchSize(100).checkpoint(checkpoint)
                    .listener(new BackupListener() {
                        @Override
                        public void onBatchWritten(Progress p) {
                            written.incrementAndGet();
                        }
                    }).build(), Task.class);
            assertThat(resumed.copied().resumed()).isTrue();
            assertThat(resumed.copied().written()).containsEntry("kit_tasks", 600L);
            assertThat(written.get()).isEqualTo(6);
            assertThat(Files.exists(checkpoint)).isFalse();
            assertThat(resumed.verified()).hasValueSatisfying(v -> assertThat(v.matches()).as(v.toString()).isTrue());
            assertThat(TestStores.contents(redis, Task.class)).isEqualTo(TestStores.contents(mongo, Task.class));
        } finally {
            TestStores.dispose(mongo, Task.class);
            TestStores.dispose(redis, Task.class);
        }
    }
}
