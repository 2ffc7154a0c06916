package dev.stratum.backup;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/** The largest heap in use right after any GC (what the job keeps alive), from GC notifications, and the pools' peaks. */
final class HeapWatch implements AutoCloseable {
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong gcs = new AtomicLong();
    private final List<Runnable> unregister = new ArrayList<>();

    private final java.util.Set<String> heapPools = new java.util.HashSet<>();
    private final AtomicLong maxLive = new AtomicLong();

    HeapWatch() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
                heapPools.add(p.getName());
            }
        }
        NotificationListener l = (n, h) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().getUsed()).sum();
            gcs.incrementAndGet();
            maxAfterGc.accumulateAndGet(used, Math::max);
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            NotificationEmitter e = (NotificationEmitter) gc;
            e.addNotificationListener(l, null, null);
            unregister.add(() -> {
                try {
                    e.removeNotificationListener(l);
                } catch (Exception ignored) {
                    // already gone
                }
            });
        }
    }

    /** Heap used after the fullest GC (includes garbage the collector did not need to reclaim). */
    long maxUsedAfterGc() {
        return maxAfterGc.get();
    }

    /** Forces a full GC now and records the heap still in use: the job's live set at this moment. */
    void sampleLive() {
        System.gc();
        maxLive.accumulateAndGet(used(), Math::max);
    }

    /** The largest live heap {@link #sampleLive} saw. */
    long maxLive() {
        return maxLive.get();
    }

    long collections() {
        return gcs.get();
    }

    /** Sum of the heap pools' peak usage (an upper bound: pools peak at different moments). */
    static long poolPeaks() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        unregister.forEach(Runnable::run);
    }
}
