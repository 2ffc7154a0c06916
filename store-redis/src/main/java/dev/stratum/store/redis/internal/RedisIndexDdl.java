package dev.stratum.store.redis.internal;

import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.spi.DocumentPath;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The indexes created on a collection by {@code IndexOperations} (migration steps), kept in Redis so
 * that every store instance maintains them: the hash {@code {prefix:collection}:ddl} (index name → its
 * definition) and the counter {@code {prefix:collection}:ddlv}, bumped on every change. A repository
 * reads both when it opens and re-reads the definitions when the counter changed, checked at most
 * every {@link #RECHECK_NANOS} before a write or query.
 */
final class RedisIndexDdl {
    /** How stale another instance's view of the created indexes may be. */
    static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The created indexes and the counter they were read at. */
    record State(List<IndexDefinition> created, @Nullable String version) {}

    private final RedisConnector connector;
    private final RedisKeys keys;
    private final EntityMetadata<?> metadata;

    RedisIndexDdl(RedisConnector connector, RedisKeys keys, EntityMetadata<?> metadata) {
        this.connector = connector;
        this.keys = keys;
        this.metadata = metadata;
    }

    private String hashKey() {
        return keys.full("ddl");
    }

    private String versionKey() {
        return keys.full("ddlv");
    }

    String version() {
        try {
            byte[] v = connector.sync().get(versionKey());
            return v == null ? "0" : new String(v, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "read the index definitions of " + metadata.collection(), connector.server());
        }
    }

    State read() {
        try {
            String version = version();
            Map<String, byte[]> all = new TreeMap<>();
            all.putAll(connector.sync().hgetall(hashKey()));
            List<IndexDefinition> out = new ArrayList<>();
            all.forEach((name, def) -> out.add(decode(name, new String(def, StandardCharsets.UTF_8))));
            return new State(List.copyOf(out), version);
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "read the index definitions of " + metadata.collection(), connector.server());
        }
    }

    State register(IndexDefinition index) {
        try {
            connector.sync().hset(hashKey(), Map.of(index.name(), bytes(encode(index))));
            connector.sync().incr(versionKey());
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "register index " + index.name() + " of " + metadata.collection(), connector.server());
        }
        return read();
    }

    State unregister(String name) {
        try {
            connector.sync().hdel(hashKey(), name);
            connector.sync().incr(versionKey());
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "unregister index " + name + " of " + metadata.collection(), connector.server());
        }
        return read();
    }

    /** Reads every stored document (in batches) and fails naming a value two of them share. */
    void checkNoDuplicates(IndexDefinition index, RedisDocumentCodec codec) {
        Map<String, Object> seen = new HashMap<>();
        byte @Nullable [] after = null;
        int batch = connector.config().writeBatchSize();
        while (true) {
            List<byte[]> tokens;
            List<KeyValue<String, byte[]>> docs;
            try {
                tokens = connector.sync().zrangebylex(keys.ids(), Range.from(
                        after == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(after),
                        Range.Boundary.unbounded()), Limit.create(0, batch));
                if (tokens.isEmpty()) {
                    return;
                }
                docs = connector.sync().mget(tokens.stream().map(t -> keys.doc(new String(t, StandardCharsets.UTF_8))).toArray(String[]::new));
            } catch (RuntimeException e) {
                throw RedisErrors.translate(e, "check unique index " + index.name() + " of " + metadata.collection(), connector.server());
            }
            for (KeyValue<String, byte[]> kv : docs) {
                if (!kv.hasValue()) {
                    continue;
                }
                Map<String, Object> doc = codec.decodeNeutral(kv.getValue());
                List<@Nullable Object> values = new ArrayList<>();
                boolean allAbsent = true;
                for (IndexDefinition.Field f : index.fields()) {
                    Object v = DocumentPath.get(doc, f.path());
                    v = v == DocumentPath.ABSENT ? null : v;
                    allAbsent &= v == null;
                    values.add(v);
                }
                if (index.sparse() && allAbsent) {
                    continue;
                }
                Object id = doc.get(metadata.idProperty());
                Object other = seen.putIfAbsent(RedisValueEncoding.uniqueToken(values), id);
                if (other != null) {
                    throw new DuplicateKeyException("cannot create unique index '" + index.name() + "' on " + metadata.collection()
                            + ": entities '" + other + "' and '" + id + "' share the value " + values + "; nothing was changed");
                }
            }
            after = tokens.get(tokens.size() - 1);
        }
    }

    // name \u0001 fields (path \u0002 1|-1, joined by \u0003) \u0001 unique \u0001 sparse \u0001 ttl
    private static String encode(IndexDefinition i) {
        StringBuilder f = new StringBuilder();
        for (IndexDefinition.Field field : i.fields()) {
            f.append(f.length() == 0 ? "" : "\u0003").append(field.path()).append('\u0002').append(field.ascending() ? "1" : "-1");
        }
        return "v1\u0001" + f + "\u0001" + i.unique() + "\u0001" + i.sparse() + "\u0001" + i.ttlSeconds();
    }

    private IndexDefinition decode(String name, String text) {
        String[] parts = text.split("\u0001", -1);
        if (parts.length != 5 || !parts[0].equals("v1")) {
            throw new IllegalStateException("unreadable index definition '" + name + "' in " + hashKey() + ": " + text);
        }
        List<IndexDefinition.Field> fields = new ArrayList<>();
        for (String f : parts[1].split("\u0003")) {
            String[] pd = f.split("\u0002");
            fields.add(new IndexDefinition.Field(pd[0], pd[1].equals("1")));
        }
        return new IndexDefinition(name, fields, Boolean.parseBoolean(parts[2]), Boolean.parseBoolean(parts[3]), false, Long.parseLong(parts[4]));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
