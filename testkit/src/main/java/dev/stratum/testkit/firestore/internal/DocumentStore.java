package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.Document;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * All databases' documents, keyed by full name in {@link ResourceNames#ORDER}, each with its versions of
 * the last hour (a version is a commit time and the document then, or {@code null} once deleted), so
 * reads at a past time and read-only transactions see a consistent snapshot.
 *
 * <p>Commits run one at a time under one lock; each gets a strictly increasing microsecond commit time and
 * installs its versions before publishing that time. Readers read at a published time without locking,
 * so they never see half a commit.
 */
final class DocumentStore {
    static final long RETENTION_MICROS = 3_600_000_000L;
    private static final long CLOCK_SKEW_MICROS = 1_000_000L;

    private record Version(long micros, @Nullable Document doc) {
    }

    private final ConcurrentSkipListMap<String, Version[]> docs = new ConcurrentSkipListMap<>(ResourceNames.ORDER);
    private final ReentrantLock commitLock = new ReentrantLock();
    private long clock;
    private volatile long published;

    DocumentStore() {
        clock = nowMicros();
        published = clock;
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    static long micros(Timestamp t) {
        return t.getSeconds() * 1_000_000L + t.getNanos() / 1_000;
    }

    static Timestamp timestamp(long micros) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(micros, 1_000_000L)).setNanos((int) Math.floorMod(micros, 1_000_000L) * 1_000).build();
    }

    /** The newest consistent read time. */
    long readTime() {
        return published;
    }

    /** A read time the client asked for: within the last hour, not in the future; waits out a commit in flight. */
    long readTimeAt(Timestamp requested) {
        long t = micros(requested);
        long now = nowMicros();
        if (t > now + CLOCK_SKEW_MICROS) {
            throw FirestoreError.invalid("read_time " + Instant.ofEpochSecond(requested.getSeconds(), requested.getNanos()) + " is in the future");
        }
        if (t < now - RETENTION_MICROS) {
            throw FirestoreError.failedPrecondition("read_time " + Instant.ofEpochSecond(requested.getSeconds(), requested.getNanos())
                    + " is more than one hour in the past; the test server keeps one hour of versions");
        }
        if (t > published) {
            commitLock.lock();
            try {
                clock = Math.max(clock, t);
            } finally {
                commitLock.unlock();
            }
        }
        return t;
    }

    /** The document at {@code micros}, or null if it did not exist then. */
    @Nullable Document get(String name, long micros) {
        Version[] chain = docs.get(name);
        if (chain == null) {
            return null;
        }
        for (int i = chain.length - 1; i >= 0; i--) {
            if (chain[i].micros() <= micros) {
                return chain[i].doc();
            }
        }
        return null;
    }

    /** Names of all documents ever stored strictly below {@code prefix}, in name order (callers check existence). */
    Iterable<String> namesBelow(String prefix) {
        return () -> new Iterator<>() {
            private final Iterator<String> it = docs.tailMap(prefix, false).keySet().iterator();
            private @Nullable String next = advance();

            private @Nullable String advance() {
                if (it.hasNext()) {
                    String n = it.next();
                    return ResourceNames.isBelow(n, prefix) ? n : null;
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                String n = next;
                if (n == null) {
                    throw new NoSuchElementException();
                }
                next = advance();
                return n;
            }
        };
    }

    /** What a commit sees and stages; only valid inside {@link #commit(Function)}. */
    final class Commit {
        private final long time;
        private final Map<String, @Nullable Document> staged = new LinkedHashMap<>();

        private Commit(long time) {
            this.time = time;
        }

        long time() {
            return time;
        }

        /** The document as this commit's earlier writes left it. */
        @Nullable Document current(String name) {
            if (staged.containsKey(name)) {
                return staged.get(name);
            }
            return get(name, Long.MAX_VALUE);
        }

        void stage(String name, @Nullable Document doc) {
            staged.put(name, doc);
        }
    }

    /**
     * Runs {@code work} as one atomic commit: under the commit lock, with a fresh commit time; its staged
     * versions are installed only if it returns normally, then the commit time is published.
     */
    <T> T commit(Function<Commit, T> work) {
        commitLock.lock();
        try {
            clock = Math.max(nowMicros(), clock + 1);
            Commit c = new Commit(clock);
            T result = work.apply(c);
            long cutoff = c.time - RETENTION_MICROS;
            for (Map.Entry<String, @Nullable Document> e : c.staged.entrySet()) {
                install(e.getKey(), new Version(c.time, e.getValue()), cutoff);
            }
            published = c.time;
            return result;
        } finally {
            commitLock.unlock();
        }
    }

    /** Runs {@code check} under the commit lock without committing (e.g. to validate at the newest state). */
    void underCommitLock(Runnable check) {
        commitLock.lock();
        try {
            check.run();
        } finally {
            commitLock.unlock();
        }
    }

    private void install(String name, Version v, long cutoff) {
        Version[] old = docs.get(name);
        List<Version> kept = new ArrayList<>();
        if (old != null) {
            for (int i = 0; i < old.length; i++) {
                boolean newerOneIsOld = i + 1 < old.length && old[i + 1].micros() < cutoff;
                if (!newerOneIsOld) {
                    kept.add(old[i]);
                }
            }
        }
        kept.add(v);
        docs.put(name, kept.toArray(new Version[0]));
    }

    /** Forgets every document of every database. */
    void clear() {
        commitLock.lock();
        try {
            docs.clear();
        } finally {
            commitLock.unlock();
        }
    }
}
