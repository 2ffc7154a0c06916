package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.EntityMetadata;
import dev.stratum.store.redis.internal.RedisDocumentCodec;
import dev.stratum.store.redis.internal.RedisIndexMaintainer;
import dev.stratum.store.redis.internal.RedisKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads every index key of a collection straight from Redis and compares it with what the stored
 * documents imply (through the store's own index rules): no missing entry, no dangling entry, no
 * leftover temporary key, the id set and the manifest matching the documents.
 */
final class IndexConsistency implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> redis;

    IndexConsistency(String uri) {
        this.client = RedisClient.create(RedisURI.create(uri));
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.redis = connection.sync();
    }

    /** Asserts that the indexes of {@code type}'s collection are exactly what its documents imply. */
    void check(RedisStore store, Class<?> type) {
        EntityMetadata<?> meta = EntityMetadata.of(type);
        RedisKeys keys = new RedisKeys(store.config().keyPrefix(), meta.collection());
        RedisIndexMaintainer indexes = new RedisIndexMaintainer(meta);
        RedisDocumentCodec codec = new RedisDocumentCodec(store.config().mapper(), meta);
        String base = keys.base();

        Map<String, String> expected = new TreeMap<>();
        TreeSet<String> docIds = new TreeSet<>();
        for (String key : scan(base + "d:*")) {
            String id = key.substring((base + "d:").length());
            docIds.add(id);
            Map<String, Object> doc = codec.decodeNeutral(redis.get(key));
            for (String e : indexes.entries(doc)) {
                char kind = e.charAt(0);
                int z = e.indexOf('\0');
                String suffix = z < 0 ? e.substring(1) : e.substring(1, z);
                String arg = z < 0 ? null : e.substring(z + 1);
                switch (kind) {
                    case 's': expected.put("set " + base + suffix + " " + id, ""); break;
                    case 'n': expected.put("zset " + base + suffix + " " + id, score(arg)); break;
                    case 'l':
                        expected.put("zset " + base + suffix + "l " + arg + "\0" + id, score(0.0));
                        expected.put("hash " + base + suffix + "v " + id, arg);
                        break;
                    default: expected.put("hash " + base + suffix + " " + arg, id); break;
                }
            }
        }
        Map<String, String> actual = new TreeMap<>();
        for (String key : scan(base + "[iu]:*")) {
            String type0 = redis.type(key);
            switch (type0) {
                case "set":
                    redis.smembers(key).forEach(m -> actual.put("set " + key + " " + text(m), ""));
                    break;
                case "zset":
                    for (ScoredValue<byte[]> v : redis.zrangeWithScores(key, 0, -1)) {
                        actual.put("zset " + key + " " + text(v.getValue()), score(v.getScore()));
                    }
                    break;
                case "hash":
                    redis.hgetall(key).forEach((f, v) -> actual.put("hash " + key + " " + f, text(v)));
                    break;
                default:
                    actual.put("unexpected " + type0 + " " + key, "");
            }
        }
        Map<String, String> missing = new TreeMap<>(expected);
        actual.forEach((k, v) -> missing.remove(k, v));
        Map<String, String> dangling = new TreeMap<>(actual);
        expected.forEach((k, v) -> dangling.remove(k, v));
        assertThat(missing).as("index entries of %s the documents imply but Redis lacks", meta.collection()).isEmpty();
        assertThat(dangling).as("index entries of %s in Redis that no document implies", meta.collection()).isEmpty();
        List<String> ids = new ArrayList<>();
        redis.zrange(keys.ids(), 0, -1).forEach(m -> ids.add(text(m)));
        assertThat(ids).as("the id set of %s", meta.collection()).containsExactlyInAnyOrderElementsOf(docIds);
        assertThat(redis.hkeys(base + "m")).as("manifest of %s", meta.collection()).containsExactlyInAnyOrderElementsOf(docIds);
        assertThat(scan(base + "tmp:*")).as("temporary keys of %s", meta.collection()).isEmpty();
    }

    /** Keys matching a pattern (the test collections are small). */
    List<String> scan(String pattern) {
        List<String> out = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            out.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return out;
    }

    RedisCommands<String, byte[]> redis() {
        return redis;
    }

    private static String score(String s) {
        return score(Double.parseDouble(s.replace("+inf", "Infinity").replace("-inf", "-Infinity").replace("inf", "Infinity")));
    }

    private static String score(double d) {
        return Double.toString(d);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
