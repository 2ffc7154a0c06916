package dev.stratum.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export and restore of many small documents (Redis, whose data lives outside this JVM) within a
 * measured heap bound. CI runs 20,000; {@code -Dstratum.backup.docs=1000000} runs the million. The
 * module's tests run with {@code -Xmx64m}; the bound asserted is the live heap (sampled after a full GC every 10,000
 * documents of each phase) above the heap in use before the export: 16 MiB, whatever the count.
 */
class StreamingVolumeTest {
    private static final long BOUND = 16L << 20;

    @TempDir
    Path tmp;

    @Test
    void exportAndRestoreStayWithinAHeapBoundWhateverTheCount() throws IOException {
        int n = Integer.getInteger("stratum.backup.docs", 20_000);
        // a generous command timeout: the first window of a stream snapshots all ids server-side (a million on a busy machine)
        Store source = TestStores.redis(java.time.Duration.ofMinutes(2));
        Store target = TestStores.redis(java.time.Duration.ofMinutes(2));
        try {
            Repository<Tiny, String> repo = source.repository(Tiny.class);
            long seedStart = System.nanoTime();
            List<Tiny> batch = new ArrayList<>(1000);
            for (int i = 0; i < n; i++) {
                batch.add(new Tiny(String.format("tiny-%08d", i), "name " + i, i % 1000, 0));
                if (batch.size() == 1000 || i == n - 1) {
                    assertThat(repo.saveAll(batch).failures()).isEmpty();
                    batch.clear();
                }
            }
            double seedSecs = (System.nanoTime() - seedStart) / 1e9;
            System.gc();
            long baseline = HeapWatch.used();
            Path archive = tmp.resolve("archive");
            try (HeapWatch heap = new HeapWatch()) {
                // samples the live heap (after a full GC) every 10,000 documents of every phase
                long[] next = {0};
                BackupListener sampler = new BackupListener() {
                    @Override
                    public void onProgress(Progress p) {
                        if (p.documents() >= next[0]) {
                            next[0] = p.documents() + 10_000;
                            heap.sampleLive();
                        }
                        if (p.documents() == p.total()) {
                            next[0] = 0;
                        }
                    }
                };
                BackupOptions options = BackupOptions.builder().batchSize(1000).checkpoint(tmp.resolve("ckpt"))
                        .progressInterval(java.time.Duration.ZERO).listener(sampler).build();
                long t0 = System.nanoTime();
                Manifest m = Backup.export(source, archive, options, Tiny.class);
                long t1 = System.nanoTime();
                RestoreResult r = Backup.restore(archive, target, options, Tiny.class);
                long t2 = System.nanoTime();
                VerifyReport v = Backup.verify(archive, target, options, Tiny.class);
                long t3 = System.nanoTime();

                assertThat(m.totalDocuments()).isEqualTo(n);
                assertThat(r.total()).isEqualTo(n);
                assertThat(v.matches()).as(v.toString()).isTrue();
                assertThat(target.repository(Tiny.class).count(Query.all())).isEqualTo(n);

                long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
                String figures = String.format(Locale.ROOT,
                        "docs=%d seed=%.0f docs/s export=%.0f docs/s (%.1f s) restore=%.0f docs/s (%.1f s) verify=%.0f docs/s (%.1f s)"
                                + " archive=%.1f MiB heapMax(-Xmx)=%d MiB baseline=%.1f MiB maxLive=%.1f MiB maxUsedAfterGc=%.1f MiB poolPeaksSum=%.1f MiB gcs=%d%n",
                        n, n / seedSecs, n / secs(t0, t1), secs(t0, t1), n / secs(t1, t2), secs(t1, t2), n / secs(t2, t3), secs(t2, t3),
                        m.entries().get(0).bytes() / 1048576.0, maxHeap >> 20, baseline / 1048576.0, heap.maxLive() / 1048576.0, heap.maxUsedAfterGc() / 1048576.0,
                        HeapWatch.poolPeaks() / 1048576.0, heap.collections());
                System.out.print(figures);
                Files.writeString(Path.of("target", "backup-volume-figures.txt"), figures, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                assertThat(heap.maxLive() - baseline).as("live heap above the baseline during export+restore+verify of %d docs", n)
                        .isLessThan(BOUND);
            }
        } finally {
            if (n <= 100_000) {
                TestStores.dispose(source, Tiny.class);
                TestStores.dispose(target, Tiny.class);
            } else {
                source.close();
                target.close();
            }
        }
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }
}
