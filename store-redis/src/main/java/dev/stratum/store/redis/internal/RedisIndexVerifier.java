package dev.stratum.store.redis.internal;

import dev.stratum.store.redis.IndexReport;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Checks (and optionally repairs) the secondary indexes of one collection against its documents, in
 * two passes that never hold more than a batch of documents (plus the problems found) in memory:
 *
 * <ol>
 *   <li>every document ({@code SCAN} over the document keys, {@code MGET} per batch): each index entry its
 *       JSON implies (the store's own {@link RedisIndexMaintainer} rules) is present, it is in the id set,
 *       and its manifest lists exactly those entries;
 *   <li>every index key ({@code SCAN} over {@code i:*} and {@code u:*}, then {@code SSCAN}/{@code ZSCAN}/
 *       {@code HSCAN}), the id set, the manifest and the expiry set: each member belongs to a live
 *       document that implies it.
 * </ol>
 *
 * Repair removes dangling entries and re-indexes documents with missing entries through scripts that
 * first check the document is still the JSON the verifier read, so concurrent writes are never undone.
 * Cost: O(documents + entries) reads, pipelined per batch; meant for operations, not hot paths.
 */
public final class RedisIndexVerifier {
    private static final int BATCH = 500;
    private static final int MAX_EXAMPLES = 20;
    private static final int CACHE = 10_000;

    @SuppressWarnings("ArrayRecordComponent") // a carrier of the JSON read, never compared or hashed
    private record Doc(byte[] json, Map<String, Object> document, Set<String> entries) {}

    private final RedisRepository<?, ?> repository;
    private final RedisConnector connector;
    private final RedisKeys keys;
    private final RedisIndexMaintainer indexes;
    private final RedisDocumentCodec codec;
    private final RedisWriteRunner runner;
    private final String base;
    private final long timeoutMillis;

    private long documents, entries, missing, dangling, phantoms, unindexed, duplicates, expired, repaired, skipped;
    private final List<String> examples = new ArrayList<>();
    /** Per id (token): the JSON read ('' none) and the removal operations. */
    private final Map<String, List<byte[]>> removals = new LinkedHashMap<>();
    private final Map<String, byte[]> readJson = new HashMap<>();
    /** Ids to re-index, with how many problems that fixes. */
    private final Map<String, Integer> reindex = new LinkedHashMap<>();
    private final Set<String> duplicateOwners = new HashSet<>();
    private final Map<String, @Nullable Doc> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, @Nullable Doc> e) {
            return size() > CACHE;
        }
    };

    RedisIndexVerifier(RedisRepository<?, ?> repository, RedisConnector connector, RedisKeys keys, RedisIndexMaintainer indexes,
            RedisDocumentCodec codec, RedisWriteRunner runner) {
        this.repository = repository;
        this.connector = connector;
        this.keys = keys;
        this.indexes = indexes;
        this.codec = codec;
        this.runner = runner;
        this.base = keys.base();
        this.timeoutMillis = connector.config().commandTimeout().toMillis();
    }

    private RedisClusterCommands<String, byte[]> redis() {
        return connector.sync();
    }

    IndexReport run(boolean repair) {
        checkDocuments();
        checkIndexKeys();
        if (repair) {
            repair();
        }
        return new IndexReport(base, repair, documents, entries, missing, dangling, phantoms, unindexed, duplicates, expired, repaired,
                skipped, examples);
    }

    private void example(String text) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(text);
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String glob(String s) {
        return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    private List<String> scan(String pattern) {
        List<String> out = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis().scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            out.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return out;
    }

    private <T> T await(RedisFuture<T> f) {
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw RedisErrors.translate(e, "verifyIndexes " + base, connector.server());
        }
    }

    // ------------------------------------------------------------------------------ pass 1: documents

    private void checkDocuments() {
        String prefix = base + "d:";
        List<String> batch = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis().scan(cursor, ScanArgs.Builder.matches(glob(prefix) + "*").limit(1000));
            for (String k : page.getKeys()) {
                batch.add(k);
                if (batch.size() >= BATCH) {
                    checkDocuments(batch);
                    batch.clear();
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        if (!batch.isEmpty()) {
            checkDocuments(batch);
        }
    }

    private void checkDocuments(List<String> docKeys) {
        RedisClusterAsyncCommands<String, byte[]> async = connector.async();
        List<KeyValue<String, byte[]>> values = redis().mget(docKeys.toArray(String[]::new));
        List<Runnable> checks = new ArrayList<>();
        for (KeyValue<String, byte[]> kv : values) {
            if (!kv.hasValue()) {
                continue; // deleted since the scan
            }
            String id = kv.getKey().substring(base.length() + 2);
            Doc doc = decode(kv.getValue());
            cache.put(id, doc);
            documents++;
            RedisFuture<Double> inIds = async.zscore(keys.ids(), id.getBytes(StandardCharsets.UTF_8));
            RedisFuture<byte[]> manifest = async.hget(keys.manifest(), id);
            List<Runnable> perEntry = new ArrayList<>();
            for (String e : doc.entries()) {
                entries++;
                perEntry.add(entryCheck(id, doc, e, async));
            }
            checks.add(() -> {
                perEntry.forEach(Runnable::run);
                byte[] man = await(manifest);
                boolean inIdSet = await(inIds) != null;
                if (!inIdSet || man == null || !manifestMatches(man, doc)) {
                    unindexed++;
                    problem(id, doc, 1);
                    example("document " + id + (!inIdSet ? " is missing from the id set" : man == null ? " has no manifest"
                            : " has a manifest that differs from its entries"));
                }
            });
        }
        checks.forEach(Runnable::run);
    }

    private Doc decode(byte[] json) {
        Map<String, Object> d = codec.decodeNeutral(json);
        return new Doc(json, d, new LinkedHashSet<>(indexes.entries(d)));
    }

    private void problem(String id, Doc doc, int count) {
        readJson.putIfAbsent(id, doc.json());
        reindex.merge(id, count, Integer::sum);
    }

    private Runnable entryCheck(String id, Doc doc, String e, RedisClusterAsyncCommands<String, byte[]> async) {
        int z = e.indexOf('\0');
        char kind = e.charAt(0);
        String suffix = z < 0 ? e.substring(1) : e.substring(1, z);
        String arg = z < 0 ? "" : e.substring(z + 1);
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        switch (kind) {
            case 's': {
                RedisFuture<Boolean> f = async.sismember(base + suffix, idBytes);
                return () -> {
                    if (!Boolean.TRUE.equals(await(f))) {
                        missing(id, doc, "set " + base + suffix + " lacks " + id);
                    }
                };
            }
            case 'n': {
                RedisFuture<Double> f = async.zscore(base + suffix, idBytes);
                return () -> {
                    Double score = await(f);
                    if (score == null || score != parseScore(arg)) {
                        missing(id, doc, "sorted set " + base + suffix + " lacks " + id + " at " + arg + (score == null ? "" : " (has " + score + ")"));
                    }
                };
            }
            case 'l': {
                RedisFuture<Double> f = async.zscore(base + suffix + "l", (arg + "\0" + id).getBytes(StandardCharsets.UTF_8));
                RedisFuture<byte[]> v = async.hget(base + suffix + "v", id);
                return () -> {
                    byte[] value = await(v);
                    if (await(f) == null || value == null || !text(value).equals(arg)) {
                        missing(id, doc, "sorted set " + base + suffix + "l or hash " + base + suffix + "v lacks " + id + "'s value");
                    }
                };
            }
            case 'u': {
                RedisFuture<byte[]> f = async.hget(base + suffix, arg);
                return () -> {
                    byte[] owner = await(f);
                    if (owner != null && text(owner).equals(id)) {
                        return;
                    }
                    if (owner != null) {
                        Doc other = document(text(owner));
                        if (other != null && other.entries().contains(e)) {
                            duplicates++;
                            duplicateOwners.add(id);
                            duplicateOwners.add(text(owner));
                            example("unique hash " + base + suffix + ": " + id + " and " + text(owner) + " hold the same value");
                            return;
                        }
                    }
                    missing(id, doc, "unique hash " + base + suffix + " does not map " + id + "'s value to it"
                            + (owner == null ? "" : " (maps it to " + text(owner) + ")"));
                };
            }
            default:
                return () -> example("entry kind '" + kind + "' of " + id + " cannot be checked by this version");
        }
    }

    private void missing(String id, Doc doc, String what) {
        missing++;
        problem(id, doc, 1);
        example("missing: " + what);
    }

    private static double parseScore(String s) {
        switch (s) {
            case "+inf":
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(s);
        }
    }

    private boolean manifestMatches(byte[] packed, Doc doc) {
        List<String> man = MsgpackStrings.unpack(packed);
        if (man == null || man.isEmpty()) {
            return false;
        }
        Object v = repository.versionOfDocument(doc.document());
        if (!man.get(0).equals(v == null ? "" : v.toString())) {
            return false;
        }
        return new HashSet<>(man.subList(1, man.size())).equals(doc.entries());
    }

    // ------------------------------------------------------------------------------ pass 2: index keys

    private @Nullable Doc document(String id) {
        if (cache.containsKey(id)) {
            return cache.get(id);
        }
        byte[] json = redis().get(keys.doc(id));
        Doc d = json == null ? null : decode(json);
        cache.put(id, d);
        return d;
    }

    private void prefetch(Set<String> ids) {
        List<String> wanted = new ArrayList<>();
        for (String id : ids) {
            if (!cache.containsKey(id)) {
                wanted.add(id);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        List<KeyValue<String, byte[]>> values = redis().mget(wanted.stream().map(keys::doc).toArray(String[]::new));
        for (int i = 0; i < wanted.size(); i++) {
            KeyValue<String, byte[]> kv = values.get(i);
            cache.put(wanted.get(i), kv.hasValue() ? decode(kv.getValue()) : null);
        }
    }

    private void checkIndexKeys() {
        Set<String> indexKeys = new LinkedHashSet<>(scan(glob(base) + "i:*"));
        indexKeys.addAll(scan(glob(base) + "u:*"));
        indexKeys.addAll(scan(glob(base) + "x:*")); // compound indexes: the same kinds of structures per leading values
        for (String key : indexKeys) {
            String suffix = key.substring(base.length());
            String type = redis().type(key);
            switch (type) {
                case "set":
                    checkSet(key, suffix);
                    break;
                case "zset":
                    checkSortedSet(key, suffix);
                    break;
                case "hash":
                    checkHash(key, suffix);
                    break;
                case "none":
                    break; // removed since the scan
                default:
                    example("index key " + key + " of unexpected type " + type + " was not checked");
            }
        }
        checkStructure();
    }

    private void checkSet(String key, String suffix) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ValueScanCursor<byte[]> page = redis().sscan(key, cursor, ScanArgs.Builder.limit(BATCH));
            Set<String> ids = new LinkedHashSet<>();
            page.getValues().forEach(m -> ids.add(text(m)));
            prefetch(ids);
            for (String id : ids) {
                check(id, "s" + suffix, "set " + key + " holds " + id, op("srem", key, id));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private void checkSortedSet(String key, String suffix) {
        boolean field = suffix.startsWith("i:") || suffix.startsWith("x:");
        boolean numeric = field && suffix.endsWith(":n");
        boolean lexical = field && suffix.endsWith(":l");
        if (!numeric && !lexical) {
            example("index key " + key + " is not a known sorted set and was not checked");
            return;
        }
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScoredValueScanCursor<byte[]> page = redis().zscan(key, cursor, ScanArgs.Builder.limit(BATCH));
            Map<String, ScoredValue<byte[]>> byId = new LinkedHashMap<>();
            List<String[]> lex = new ArrayList<>();
            for (ScoredValue<byte[]> v : page.getValues()) {
                String member = text(v.getValue());
                if (numeric) {
                    byId.put(member, v);
                } else {
                    int z = member.lastIndexOf('\0');
                    lex.add(new String[] {z < 0 ? "" : member.substring(0, z), member.substring(z + 1), member});
                }
            }
            Set<String> ids = new LinkedHashSet<>(byId.keySet());
            lex.forEach(l -> ids.add(l[1]));
            prefetch(ids);
            for (Map.Entry<String, ScoredValue<byte[]>> m : byId.entrySet()) {
                String id = m.getKey();
                double score = m.getValue().getScore();
                Doc doc = cache.get(id);
                String expectedPrefix = "n" + suffix + "\0";
                boolean implied = doc != null && doc.entries().stream()
                        .anyMatch(e -> e.startsWith(expectedPrefix) && parseScore(e.substring(expectedPrefix.length())) == score);
                judge(id, doc, implied, "sorted set " + key + " holds " + id + " at " + score, op("zrem", key, id));
            }
            String fieldBase = suffix.substring(0, suffix.length() - 1);
            for (String[] l : lex) {
                check(l[1], "l" + fieldBase + "\0" + l[0], "sorted set " + key + " holds " + l[1] + "'s value " + l[0],
                        op("zrem", key, l[2]));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private void checkHash(String key, String suffix) {
        boolean unique = suffix.startsWith("u:");
        boolean values = (suffix.startsWith("i:") || suffix.startsWith("x:")) && suffix.endsWith(":v");
        if (!unique && !values) {
            example("index key " + key + " is not a known hash and was not checked");
            return;
        }
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<String, byte[]> page = redis().hscan(key, cursor, ScanArgs.Builder.limit(BATCH));
            Map<String, byte[]> map = page.getMap();
            Set<String> ids = new LinkedHashSet<>();
            map.forEach((f, v) -> ids.add(unique ? text(v) : f));
            prefetch(ids);
            for (Map.Entry<String, byte[]> m : map.entrySet()) {
                String value = text(m.getValue());
                if (unique) {
                    check(value, "u" + suffix + "\0" + m.getKey(), "unique hash " + key + " maps a value to " + value,
                            op("hdel", key, m.getKey(), value));
                } else {
                    check(m.getKey(), "l" + suffix.substring(0, suffix.length() - 1) + "\0" + value,
                            "hash " + key + " holds " + m.getKey() + "'s value " + value, op("hdel", key, m.getKey(), value));
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private void check(String id, String entry, String what, List<byte[]> op) {
        Doc doc = cache.get(id);
        judge(id, doc, doc != null && doc.entries().contains(entry), what, op);
    }

    private final Map<String, Boolean> dueCache = new HashMap<>();

    private boolean expiredAwaitingPurge(String id) {
        return dueCache.computeIfAbsent(id, i -> {
            Double at = redis().zscore(keys.expiry(), i.getBytes(StandardCharsets.UTF_8));
            return at != null && at <= System.currentTimeMillis();
        });
    }

    private void judge(String id, @Nullable Doc doc, boolean implied, String what, List<byte[]> op) {
        if (implied) {
            return;
        }
        if (doc == null && expiredAwaitingPurge(id)) {
            expired++;
            return;
        }
        dangling++;
        example("dangling: " + what + (doc == null ? " (no such document)" : " (the document does not imply it)"));
        remove(id, doc, op);
    }

    private void remove(String id, @Nullable Doc doc, List<byte[]> op) {
        readJson.putIfAbsent(id, doc == null ? new byte[0] : doc.json());
        removals.computeIfAbsent(id, i -> new ArrayList<>()).addAll(op);
    }

    private static List<byte[]> op(String... parts) {
        List<byte[]> out = new ArrayList<>(parts.length);
        for (String p : parts) {
            out.add(p.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The id set, the manifest and the expiry set: every member a live (or expired, awaiting purge) document. */
    private void checkStructure() {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScoredValueScanCursor<byte[]> page = redis().zscan(keys.ids(), cursor, ScanArgs.Builder.limit(BATCH));
            Set<String> ids = new LinkedHashSet<>();
            page.getValues().forEach(v -> ids.add(text(v.getValue())));
            phantoms(ids, keys.ids(), "id set", "zrem");
            cursor = page;
        } while (!cursor.isFinished());
        cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<String, byte[]> page = redis().hscan(keys.manifest(), cursor, ScanArgs.Builder.limit(BATCH));
            prefetch(page.getMap().keySet());
            for (Map.Entry<String, byte[]> m : page.getMap().entrySet()) {
                if (cache.get(m.getKey()) == null && !expiredAwaitingPurge(m.getKey())) {
                    phantoms++;
                    example("phantom id " + m.getKey() + " in the manifest (no such document)");
                    List<byte[]> op = new ArrayList<>(op("hdel", keys.manifest(), m.getKey()));
                    op.add(m.getValue());
                    remove(m.getKey(), null, op);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        cursor = ScanCursor.INITIAL;
        do {
            ScoredValueScanCursor<byte[]> page = redis().zscan(keys.expiry(), cursor, ScanArgs.Builder.limit(BATCH));
            Set<String> ids = new LinkedHashSet<>();
            page.getValues().forEach(v -> ids.add(text(v.getValue())));
            phantoms(ids, keys.expiry(), "expiry set", "zrem");
            cursor = page;
        } while (!cursor.isFinished());
    }

    private void phantoms(Set<String> ids, String key, String name, String removal) {
        prefetch(ids);
        for (String id : ids) {
            if (cache.get(id) == null && !expiredAwaitingPurge(id)) {
                phantoms++;
                example("phantom id " + id + " in the " + name + " (no such document)");
                remove(id, null, op(removal, key, id));
            }
        }
    }

    // ------------------------------------------------------------------------------ repair

    private void repair() {
        for (Map.Entry<String, List<byte[]>> r : removals.entrySet()) {
            String id = r.getKey();
            List<byte[]> ops = r.getValue();
            int count = 0;
            LinkedHashSet<String> declared = new LinkedHashSet<>();
            declared.add(keys.doc(id));
            for (int i = 0; i < ops.size(); i += text(ops.get(i)).equals("hdel") ? 4 : 3) {
                declared.add(text(ops.get(i + 1)));
                count++;
            }
            List<byte[]> args = new ArrayList<>();
            args.add(RedisScripts.bytes(base));
            args.add(RedisScripts.bytes(id));
            args.add(readJson.get(id));
            args.addAll(ops);
            List<Object> reply = runner.run(RedisScripts.Script.REPAIR, declared, args.toArray(byte[][]::new));
            if ((Long) reply.get(0) < 0) {
                skipped += count;
            } else {
                repaired += count;
            }
        }
        for (Map.Entry<String, Integer> r : reindex.entrySet()) {
            String id = r.getKey();
            if (duplicateOwners.contains(id)) {
                skipped += r.getValue();
                continue;
            }
            byte[] json = Objects.requireNonNull(readJson.get(id), () -> "no JSON read for " + id); // problem() put it
            String outcome = repository.forceReindex(id, codec.decodeNeutral(json), json);
            if (outcome.equals("OK")) {
                repaired += r.getValue();
            } else {
                skipped += r.getValue();
            }
        }
    }
}
