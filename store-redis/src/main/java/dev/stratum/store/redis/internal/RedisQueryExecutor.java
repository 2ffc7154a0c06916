package dev.stratum.store.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.Query;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.spi.DocumentMatcher;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Runs planned queries with the query script: one round trip per window of {@code fetchSize}
 * entities; a stream that needs more keeps a server-side snapshot of the ordered ids (expiring after
 * {@code cursorTtl} of inactivity, deleted on close) and fetches the next windows from it, so memory
 * stays bounded on both sides. Residual filters and client-side sorts (scan queries) run here.
 */
public final class RedisQueryExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisKeys keys;
    private final RedisScripts scripts;
    private final RedisQueryPlanner planner;
    private final Function<byte[], Map<String, Object>> decoder;
    private final String idProperty;
    private final boolean ttl;
    private final int fetchSize;
    private final long cursorTtlMillis;
    private final int deleteBatch;
    private final String server;
    /** Names this executor's calls (their temporary keys): a random prefix, then a counter (cheaper than a UUID per call). */
    private final String callPrefix = UUID.randomUUID().toString() + ":";
    private final AtomicLong calls = new AtomicLong();

    public RedisQueryExecutor(RedisKeys keys, RedisScripts scripts, RedisQueryPlanner planner, Function<byte[], Map<String, Object>> decoder,
            String idProperty, boolean ttl, int fetchSize, long cursorTtlMillis, int deleteBatch, String server) {
        this.keys = keys;
        this.scripts = scripts;
        this.planner = planner;
        this.decoder = decoder;
        this.idProperty = idProperty;
        this.ttl = ttl;
        this.fetchSize = fetchSize;
        this.cursorTtlMillis = cursorTtlMillis;
        this.deleteBatch = deleteBatch;
        this.server = server;
    }

    /** The documents the query matches, lazily, in its order, projected. */
    public Stream<Map<String, Object>> stream(Query query) {
        RedisQueryPlanner.Plan plan = planner.plan(query);
        if (!plan.clientSide()) {
            return windows(plan, query.offset(), query.limit()).map(d -> DocumentMatcher.project(d, query.projection(), idProperty));
        }
        Stream<Map<String, Object>> s = windows(plan, 0, 0);
        if (plan.residual() != null) {
            s = s.filter(d -> DocumentMatcher.matches(d, plan.residual()));
        }
        if (!plan.clientSort().isEmpty()) {
            s = s.sorted(DocumentMatcher.comparator(plan.clientSort()));
        }
        if (query.offset() > 0) {
            s = s.skip(query.offset());
        }
        if (query.limit() > 0) {
            s = s.limit(query.limit());
        }
        return s.map(d -> DocumentMatcher.project(d, query.projection(), idProperty));
    }

    /** How many documents match (offset and limit apply). */
    public long count(Query query) {
        RedisQueryPlanner.Plan plan = planner.plan(query);
        if (plan.residual() != null) {
            try (Stream<Map<String, Object>> s = stream(query)) {
                return s.count();
            }
        }
        Map<String, Object> spec = spec(plan, "count", query.offset(), query.limit());
        Long n = call(spec, plan.refs(), ScriptOutputType.INTEGER, "count");
        return n;
    }

    /**
     * Deletes what the query matches, in batches of {@code deleteBatch} per round trip: the query script
     * takes a snapshot of the matching ids (a temporary sorted set), and each batch pops the next ids
     * from it ({@code pop}) and deletes them by id ({@code deleteByIds}, the write-side delete script,
     * which declares its keys). A snapshot that expired between two batches (the client stalled longer
     * than its lifetime) is taken again over what still matches, so deleteAll never stops early.
     * Queries needing client-side evaluation delete the matches the stream finds, by id.
     */
    public long deleteAll(Query query, Function<List<Object>, Long> deleteByIds, BiFunction<String, Integer, List<String>> pop) {
        RedisQueryPlanner.Plan plan = planner.plan(query);
        if (plan.clientSide()) {
            long deleted = 0;
            List<Object> batch = new ArrayList<>();
            try (Stream<Map<String, Object>> s = stream(query.project(idProperty))) {
                for (Map<String, Object> d : (Iterable<Map<String, Object>>) s::iterator) {
                    batch.add(d.get(idProperty));
                    if (batch.size() >= deleteBatch) {
                        deleted += deleteByIds.apply(batch);
                        batch = new ArrayList<>();
                    }
                }
            }
            return batch.isEmpty() ? deleted : deleted + deleteByIds.apply(batch);
        }
        long deleted = 0;
        long taken = 0;
        List<Object> snapshot = snapshot(plan, query.offset(), query.limit());
        String key = new String((byte[]) snapshot.get(0), StandardCharsets.UTF_8);
        long remaining = (Long) snapshot.get(2);
        while (remaining > 0) {
            List<String> ids = pop.apply(key, deleteBatch);
            if (ids.isEmpty()) {
                // the snapshot expired between two batches: what was taken is deleted, so a new snapshot
                // at the same offset, limited to what is left, continues where this one stopped
                long left = query.limit() > 0 ? query.limit() - taken : 0;
                if (query.limit() > 0 && left <= 0) {
                    break;
                }
                snapshot = snapshot(plan, query.offset(), (int) left);
                key = new String((byte[]) snapshot.get(0), StandardCharsets.UTF_8);
                remaining = (Long) snapshot.get(2);
                continue;
            }
            taken += ids.size();
            remaining -= ids.size();
            deleted += deleteByIds.apply(new ArrayList<>(ids));
        }
        if (!key.isEmpty()) {
            scripts.deleteKey(key);
        }
        return deleted;
    }

    /** {snapshot key, 0, size}: the ordered ids the query matches, kept for the batches of deleteAll. */
    private List<Object> snapshot(RedisQueryPlanner.Plan plan, int offset, int limit) {
        Map<String, Object> spec = spec(plan, "del", offset, limit);
        spec.put("n", 0);
        return call(spec, plan.refs(), ScriptOutputType.MULTI, "deleteAll");
    }

    private Map<String, Object> spec(RedisQueryPlanner.Plan plan, String mode, int offset, int limit) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("m", mode);
        spec.put("f", plan.filter());
        spec.put("s", plan.sort());
        spec.put("o", offset);
        spec.put("l", limit);
        spec.put("w", fetchSize);
        spec.put("t", ttl ? 1 : 0);
        spec.put("keep", 0);
        return spec;
    }

    @SuppressWarnings("TypeParameterUnusedInFormals") // as Lettuce's evalsha: the output type decides T
    private <T> T call(Map<String, Object> spec, List<byte[]> refs, ScriptOutputType type, String operation) {
        byte[][] args = new byte[3 + refs.size()][];
        args[0] = RedisScripts.bytes(keys.base());
        args[1] = RedisScripts.bytes(callPrefix + Long.toString(calls.incrementAndGet(), 36));
        try {
            args[2] = JSON.writeValueAsBytes(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < refs.size(); i++) {
            args[3 + i] = refs.get(i);
        }
        try {
            return scripts.run(RedisScripts.Script.QUERY, type, new String[] {keys.ids()}, args);
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, operation + " " + keys.base(), server);
        }
    }

    /**
     * The first (and only) window of an equality on a compound index's leading field(s) sorted by the
     * index's next numeric field (then, optionally, by id ascending), read by the small window script
     * straight from the prefix's live sorted set; null when the query has another shape, needs more than
     * one window, the collection has a TTL (its queries purge what is due first) or the sorted set does not
     * hold every candidate (then the general script orders them, nulls included).
     */
    private @Nullable List<Object> fastWindow(RedisQueryPlanner.Plan plan, int offset, int limit) {
        List<Map<String, Object>> sort = plan.sort();
        if (ttl || limit <= 0 || limit > fetchSize || !"k".equals(plan.filter().get("t")) || sort.isEmpty() || sort.size() > 2) {
            return null;
        }
        Map<String, Object> first = sort.get(0);
        if (!"n".equals(first.get("k")) || intOf(first, "c") != 1) {
            return null;
        }
        if (sort.size() == 2 && !("i".equals(sort.get(1).get("k")) && intOf(sort.get(1), "d") == 1)) {
            return null; // ties by id ascending are the window's own order; any other tie-breaker is the general script's
        }
        byte[][] args = new byte[6][];
        args[0] = RedisScripts.bytes(keys.base());
        args[1] = plan.refs().get(intOf(plan.filter(), "a") - 1);
        args[2] = plan.refs().get(intOf(first, "a") - 1);
        args[3] = RedisScripts.bytes(intOf(first, "d") < 0 ? "1" : "0");
        args[4] = RedisScripts.bytes(Integer.toString(offset));
        args[5] = RedisScripts.bytes(Integer.toString(limit));
        List<Object> reply;
        try {
            reply = scripts.run(RedisScripts.Script.QUERY_WINDOW, ScriptOutputType.MULTI, new String[] {keys.ids()}, args);
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "find " + keys.base(), server);
        }
        return reply.size() == 1 ? null : reply;
    }

    /** An integer of a plan node (the planner puts Integers there); 0 when absent. */
    private static int intOf(Map<String, Object> node, String key) {
        return node.get(key) instanceof Integer i ? i : 0;
    }

    private Stream<Map<String, Object>> windows(RedisQueryPlanner.Plan plan, int offset, int limit) {
        Windows w = new Windows(plan, offset, limit);
        return StreamSupport.stream(w, false).onClose(w::close);
    }

    /** The lazily fetched windows of one query. */
    private final class Windows extends Spliterators.AbstractSpliterator<Map<String, Object>> {
        private final RedisQueryPlanner.Plan plan;
        private final int offset;
        private final int limit;
        private final Deque<Map<String, Object>> buffer = new ArrayDeque<>();
        private boolean started;
        private byte @Nullable [] cursor;
        private int position;
        private long rev;
        private long returned;

        Windows(RedisQueryPlanner.Plan plan, int offset, int limit) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.plan = plan;
            this.offset = offset;
            this.limit = limit;
        }

        @Override
        public boolean tryAdvance(Consumer<? super Map<String, Object>> action) {
            while (buffer.isEmpty()) {
                if (!started) {
                    started = true;
                    List<Object> fast = fastWindow(plan, offset, limit);
                    if (fast != null) {
                        cursor = null; // the window is the whole result
                        for (int i = 3; i < fast.size(); i++) {
                            buffer.add(decoder.apply((byte[]) fast.get(i)));
                        }
                        continue;
                    }
                    Map<String, Object> spec = spec(plan, "fetch", offset, limit);
                    spec.put("keep", cursorTtlMillis);
                    accept(call(spec, plan.refs(), ScriptOutputType.MULTI, "find"));
                } else if (cursor != null) {
                    Map<String, Object> spec = new LinkedHashMap<>();
                    spec.put("m", "win");
                    spec.put("r", plan.refs().size() + 1);
                    spec.put("rev", rev);
                    spec.put("s", plan.sort());
                    spec.put("p", position);
                    spec.put("w", fetchSize);
                    spec.put("e", limit > 0 ? limit - returned : -1); // documents still wanted
                    spec.put("keep", cursorTtlMillis);
                    spec.put("t", 0);
                    List<byte[]> refs = new ArrayList<>(plan.refs());
                    refs.add(cursor);
                    accept(call(spec, refs, ScriptOutputType.MULTI, "find (next batch)"));
                } else {
                    return false;
                }
            }
            action.accept(buffer.poll());
            return true;
        }

        private void accept(List<Object> reply) {
            if (reply.size() == 1) {
                cursor = null;
                throw new StoreTimeoutException("the server-side snapshot of this stream expired: more than the configured cursorTtl ("
                        + cursorTtlMillis + " ms) passed between two batches; run the query again");
            }
            byte[] c = (byte[]) reply.get(0);
            cursor = c.length == 0 ? null : c;
            position = Integer.parseInt(new String((byte[]) reply.get(1), StandardCharsets.US_ASCII));
            rev = (Long) reply.get(2);
            for (int i = 3; i + 1 < reply.size(); i += 2) {
                byte[] doc = (byte[]) reply.get(i + 1);
                if (doc != null) {
                    buffer.add(decoder.apply(doc));
                    returned++;
                }
            }
        }

        void close() {
            byte[] c = cursor;
            cursor = null;
            if (c != null) {
                try {
                    scripts.deleteKey(new String(c, StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    // it expires on its own
                }
            }
        }
    }
}
