package dev.stratum.store.redis.internal;

import dev.stratum.api.MappingException;
import java.util.Collection;

/**
 * The key layout of one collection. Every key of a collection carries the hash tag
 * {@code {prefix:collection}}, so all of them live in one Redis Cluster slot and one Lua script can
 * update a document and its indexes atomically (and stores with different key prefixes put the same
 * collection in different slots, which is how a large entity type is partitioned):
 *
 * <pre>
 * {stratum:tasks}:d:&lt;id&gt;             the entity as JSON (string), with its TTL if any
 * {stratum:tasks}:ids                 every id (sorted set, score 0: id order)
 * {stratum:tasks}:m                   hash id → the document's index entries and version (for clean removal)
 * {stratum:tasks}:exp                 sorted set id → expiry epoch ms (TTL collections)
 * {stratum:tasks}:i:status:e:&lt;v&gt;     ids whose status equals v (set)
 * {stratum:tasks}:i:status:p          ids whose status is present and not null (set)
 * {stratum:tasks}:i:status:l          "&lt;sortable value&gt;\0&lt;id&gt;" (sorted set, score 0: lexicographic ranges)
 * {stratum:tasks}:i:status:v          hash id → sortable value (secondary sort keys)
 * {stratum:tasks}:i:priority:n        id → numeric score (sorted set; null/absent at -inf)
 * {stratum:tasks}:i:tags:c:&lt;v&gt;       ids whose list holds v (set)
 * {stratum:tasks}:u:&lt;index&gt;          hash value → id of a unique index
 * {stratum:tasks}:tmp:&lt;query&gt;:&lt;n&gt;   intermediate query results (expire on their own)
 * </pre>
 *
 * Index key names below the base are "suffixes"; scripts receive the base and prepend it.
 */
public final class RedisKeys {
    private final String base;

    /** @throws MappingException if the collection name cannot be a hash tag */
    public RedisKeys(String prefix, String collection) {
        if (collection.isEmpty() || collection.indexOf('{') >= 0 || collection.indexOf('}') >= 0) {
            throw new MappingException("collection name '" + collection + "' cannot be used on Redis: it must be non-empty"
                    + " and hold no '{' or '}' (it becomes the keys' cluster hash tag)");
        }
        this.base = "{" + (prefix.isEmpty() ? "" : prefix + ":") + collection + "}:";
    }

    /** The common prefix of every key of the collection, hash tag included. */
    public String base() {
        return base;
    }

    /** The document key of an id token. */
    public String doc(String idToken) {
        return base + "d:" + idToken;
    }

    /** The sorted set of every id. */
    public String ids() {
        return base + "ids";
    }

    /** The sorted set of expiry times. */
    public String expiry() {
        return base + "exp";
    }

    /** A key suffix's full name. */
    public String full(String suffix) {
        return base + suffix;
    }

    /** The manifest hash (id → version and index entries). */
    public String manifest() {
        return base + "m";
    }

    /**
     * The keys an index entry ({@code <kind><suffix>[\0<argument>]}, see {@link RedisIndexMaintainer})
     * occupies: a lexicographic entry lives in the field's sorted set and its value hash.
     */
    public void entryKeys(String entry, Collection<String> out) {
        int z = entry.indexOf('\0');
        String suffix = z < 0 ? entry.substring(1) : entry.substring(1, z);
        if (entry.charAt(0) == 'l') {
            out.add(base + suffix + "l");
            out.add(base + suffix + "v");
        } else {
            out.add(base + suffix);
        }
    }

    static String fieldBase(String path) {
        return "i:" + path + ":";
    }

    static String present(String path) {
        return fieldBase(path) + "p";
    }

    static String eqSet(String path, String token) {
        return fieldBase(path) + "e:" + RedisValueEncoding.keyToken(token);
    }

    static String containsSet(String path, String token) {
        return fieldBase(path) + "c:" + RedisValueEncoding.keyToken(token);
    }

    static String numeric(String path) {
        return fieldBase(path) + "n";
    }

    static String unique(String indexName) {
        return "u:" + indexName;
    }
}
