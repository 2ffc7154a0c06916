package dev.stratum.store.redis;

import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Health;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargetProvider;
import dev.stratum.api.spi.AbstractStore;
import dev.stratum.api.spi.IndexOperations;
import dev.stratum.store.redis.internal.RedisConnector;
import dev.stratum.store.redis.internal.RedisErrors;
import dev.stratum.store.redis.internal.RedisMigrationTarget;
import dev.stratum.store.redis.internal.RedisRepository;
import dev.stratum.store.redis.internal.RedisScripts;
import dev.stratum.store.redis.internal.TtlSweeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Redis deployment (single server, Sentinel or Cluster) as a Stratum store. Entities are JSON
 * documents; {@code @Indexed} fields get secondary indexes kept atomically with every write by Lua
 * scripts, and queries are planned over those indexes server-side. Thread-safe; one per application.
 *
 * <pre>{@code
 * try (RedisStore store = RedisStore.builder().uri("redis://localhost:6379").keyPrefix("tracker").build()) {
 *     Repository<Task, String> tasks = store.repository(Task.class);
 *     Task t = tasks.insert(Task.create("Write docs", Status.OPEN, 2));
 *     List<Task> open = tasks.find(Query.where(Filter.eq("status", Status.OPEN)).sortBy(Sort.desc("priority")).limit(20));
 * }
 * }</pre>
 *
 * <p>Capabilities: everything but {@link Capability#UNINDEXED_FIELDS} (filters and sorts on fields
 * that are not {@code @Indexed} need {@link dev.stratum.api.Query#allowScan()}),
 * {@link Capability#TEXT_SEARCH} and {@link Capability#TRANSACTIONS}. Documents are limited to
 * 16 MiB of JSON (a Redis string may hold 512 MB, but multi-megabyte values stall the server).
 *
 * <p>{@link #unwrap(Class)} gives the Lettuce client ({@code RedisClient} or {@code RedisClusterClient})
 * and, on a separate connection with String keys and values, {@code StatefulRedisConnection},
 * {@code RedisCommands}, {@code RedisAsyncCommands} (or their cluster counterparts).
 */
public final class RedisStore extends AbstractStore implements MigrationTargetProvider, IndexOperations {
    /** The store's name, as in the database semantic conventions. */
    public static final String NAME = "redis";
    private static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;
    private static final Capabilities CAPABILITIES = new Capabilities(NAME, EnumSet.of(Capability.OR, Capability.NOT,
            Capability.NOT_EQUAL, Capability.EXISTS, Capability.ARRAY_CONTAINS, Capability.STARTS_WITH,
            Capability.RANGE_ON_MULTIPLE_FIELDS, Capability.SCAN, Capability.OFFSET, Capability.TTL, Capability.PROJECTION,
            Capability.READ_YOUR_WRITES),
            MAX_DOCUMENT_BYTES);

    private final RedisStoreConfig config;
    private final RedisConnector connector;
    private final RedisScripts scripts;
    private final TtlSweeper sweeper;
    private final RedisMigrationTarget migrationTarget;

    private RedisStore(RedisStoreConfig config) {
        this.config = config;
        this.connector = new RedisConnector(config);
        this.scripts = new RedisScripts(connector);
        this.sweeper = new TtlSweeper(config.sweepInterval(), config.sweepBatchSize());
        this.migrationTarget = new RedisMigrationTarget(this, connector, scripts);
    }

    /** A builder; {@code build()} returns the store. */
    public static RedisStoreConfig.Builder<RedisStore> builder() {
        return new RedisStoreConfig.Builder<>(RedisStore::new);
    }

    /** A store with this configuration. */
    public static RedisStore create(RedisStoreConfig config) {
        return new RedisStore(config);
    }

    /** A store for this URI with every other setting at its default. */
    public static RedisStore open(String uri) {
        return builder().uri(uri).build();
    }

    /** The configuration (safe to print). */
    public RedisStoreConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    protected <T> Repository<T, ?> createRepository(Class<T> entityType) {
        EntityMetadata<T> meta = EntityMetadata.of(entityType);
        RedisStoreConfig.Endpoint first = config.endpoints().get(0);
        StoreInfo info = new StoreInfo(NAME, namespace(), meta.collection(), first.host(), first.port());
        RedisRepository<T, Object> repo = new RedisRepository<>(meta, config.mapper(), CAPABILITIES, info, connector, scripts);
        if (repo.hasTtl()) {
            sweeper.add(repo);
        }
        return repo;
    }

    /**
     * Everything that separates this store's data from another's on the same server: the database
     * number and the key prefix ({@code "0/orders"}). Caches derive their names from it, so two
     * key-prefix partitions never share cache entries.
     */
    private String namespace() {
        String db = config.mode() == RedisStoreConfig.Mode.CLUSTER ? "0" : Integer.toString(config.database());
        return config.keyPrefix().isEmpty() ? db : db + "/" + config.keyPrefix();
    }

    /**
     * Rebuilds the secondary indexes of an entity type from its stored documents. Run it (e.g. from a
     * migration) after declaring {@code @Indexed} on a field that already holds data, or after changing
     * an index: documents written before an index existed are otherwise only seen as lacking the field.
     * Documents, versions and TTLs are left alone; it is safe while the application writes.
     *
     * <pre>{@code
     * public void up(MigrationContext ctx) { ctx.store().unwrap(RedisStore.class).reindex(Task.class); }
     * }</pre>
     *
     * @return how many entities were re-indexed
     * @throws dev.stratum.api.DuplicateKeyException if a unique index finds two entities sharing a value
     */
    public long reindex(Class<?> entityType) {
        return reindexNow(entityType);
    }

    /**
     * Index DDL on Redis: the index structures of the store (equality sets, sorted sets, compound
     * prefixes, unique hashes, TTL) for a created index, exactly as for a declared one. The definition
     * is kept in Redis ({@code {prefix:collection}:ddl}), so every store instance maintains it on its
     * writes and its planner uses it for queries (an instance that opened the repository earlier picks
     * it up within a second); the existing entities are re-indexed. Every kind but text is created.
     */
    @Override
    public void checkCreatable(Class<?> entityType, IndexDefinition index) {
        if (index.text()) {
            throw new QueryNotSupportedException(NAME, "createIndex of text index '" + index.name() + "'",
                    "Redis has no full-text index; declare @Indexed(text = true) for the scan-based match");
        }
    }

    @Override
    public boolean createIndex(Class<?> entityType, IndexDefinition index) {
        checkCreatable(entityType, index);
        return ((RedisRepository<?, ?>) repository(entityType)).createIndex(index);
    }

    @Override
    public boolean dropIndex(Class<?> entityType, String name) {
        return ((RedisRepository<?, ?>) repository(entityType)).dropIndex(name);
    }

    @Override
    public List<IndexDefinition> indexes(Class<?> entityType) {
        List<IndexDefinition> all = new ArrayList<>(EntityMetadata.of(entityType).indexes());
        all.addAll(((RedisRepository<?, ?>) repository(entityType)).createdIndexes());
        return all;
    }

    private long reindexNow(Class<?> entityType) {
        return ((RedisRepository<?, ?>) repository(entityType)).reindex();
    }

    /**
     * Checks the secondary indexes of an entity type against its stored documents, without changing
     * anything: every index entry (equality, presence, {@code contains}, numeric and lexicographic
     * sorted sets, unique hashes, the id set, the manifest and the expiry set) must belong to a live
     * document that implies it, and every document must have all the entries its JSON implies. For
     * operations: after an incident, a restore, a manual edit of keys, or periodically.
     *
     * <p>Reads every document and index entry of the collection (pipelined, {@code SCAN}-based, a batch
     * at a time), so it costs O(documents + entries); on a cluster it runs against the collection's slot.
     * Safe while the application writes: an entry that changes during the run may be reported, and is
     * confirmed by a second run.
     *
     * <pre>{@code
     * IndexReport report = store.verifyIndexes(Task.class);
     * if (!report.isConsistent()) {
     *     report = store.repairIndexes(Task.class);
     * }
     * }</pre>
     *
     * @return counts per kind of problem and up to 20 examples
     */
    public IndexReport verifyIndexes(Class<?> entityType) {
        return ((RedisRepository<?, ?>) repository(entityType)).verifyIndexes(false);
    }

    /**
     * {@link #verifyIndexes(Class)}, then repairs what it found: removes dangling entries and phantom ids,
     * and re-indexes documents whose entries or manifest are missing or wrong (a unique value held by
     * the wrong id goes back to the document that has it). Every repair is a script that first checks
     * the document is still the JSON the check read, so a concurrent write is never undone (such
     * problems are counted as skipped). Two live documents sharing a unique value are reported and left
     * alone: which one keeps it is the application's decision.
     *
     * @return what was found, with how much was repaired and skipped
     */
    public IndexReport repairIndexes(Class<?> entityType) {
        return ((RedisRepository<?, ?>) repository(entityType)).verifyIndexes(true);
    }

    /** Pings the server; never throws. */
    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            String pong = new String(connector.sync().echo("PONG".getBytes(StandardCharsets.US_ASCII)),
                    StandardCharsets.US_ASCII);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            String version = serverVersion();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mode", config.mode().name().toLowerCase(Locale.ROOT));
            details.put("endpoints", config.endpoints().toString());
            details.put("reply", pong);
            return Health.up(latency, version, details);
        } catch (RuntimeException e) {
            RuntimeException translated = RedisErrors.translate(e, "health check", connector.server());
            String reason = translated.getMessage();
            return Health.down(Duration.ofNanos(System.nanoTime() - start), reason != null ? reason : translated.toString());
        }
    }

    private @Nullable String serverVersion() {
        try {
            String info = connector.sync().info("server");
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    return line.substring("redis_version:".length()).trim();
                }
            }
        } catch (RuntimeException e) {
            // version is optional
        }
        return null;
    }

    @Override
    public MigrationTarget migrationTarget() {
        return migrationTarget;
    }

    /** The Lettuce client, or (String codec) connections and commands; see the class documentation. */
    @Override
    public <N> N unwrap(Class<N> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (type == RedisStoreConfig.class) {
            return type.cast(config);
        }
        N n = connector.unwrap(type);
        if (n == null) {
            throw new IllegalArgumentException("redis store cannot be unwrapped to " + type.getName()
                    + " (try RedisClient/RedisClusterClient, StatefulRedisConnection, RedisCommands or RedisAsyncCommands)");
        }
        return n;
    }

    @Override
    protected void doClose() {
        try {
            sweeper.close();
        } finally {
            connector.close();
        }
    }

    @Override
    public String toString() {
        return "RedisStore[" + config + "]";
    }
}
