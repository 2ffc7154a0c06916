package dev.stratum.store.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Health;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargetProvider;
import dev.stratum.api.spi.AbstractStore;
import dev.stratum.api.spi.IndexOperations;
import dev.stratum.store.elastic.internal.ElasticConnection;
import dev.stratum.store.elastic.internal.ElasticDocuments;
import dev.stratum.store.elastic.internal.ElasticErrors;
import dev.stratum.store.elastic.internal.ElasticIndexOperations;
import dev.stratum.store.elastic.internal.ElasticIndexes;
import dev.stratum.store.elastic.internal.ElasticMapping;
import dev.stratum.store.elastic.internal.ElasticMigrationTarget;
import dev.stratum.store.elastic.internal.ElasticRepository;
import dev.stratum.store.elastic.internal.ElasticTtlSweeper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Stratum on Elasticsearch 8: one index per entity type behind an alias, the whole repository
 * contract, full-text search as a first-class query, and the migration target.
 *
 * <pre>{@code
 * try (ElasticStore store = ElasticStore.open("http://localhost:9200")) {
 *     Repository<Task, String> tasks = store.repository(Task.class);   // template + kit_tasks_v1 + alias kit_tasks
 *     tasks.insert(task);                                               // visible to the next query (refresh=true)
 *     List<Task> hits = tasks.find(Query.text("login outage").filter(Filter.eq("status", OPEN)).limit(20));
 *     ElasticsearchClient es = store.unwrap(ElasticsearchClient.class);
 * }
 * }</pre>
 *
 * <p>Capabilities: every filter, sort and projection on any mapped field, full-text search, offset
 * paging (up to {@code index.max_result_window}) and TTL; no multi-document transactions.
 * Thread-safe; close it to release the HTTP client (not a client given to the builder).
 */
public final class ElasticStore extends AbstractStore implements MigrationTargetProvider, IndexOperations {
    /** The store's name ({@code db.system.name}). */
    public static final String NAME = "elasticsearch";
    /** The largest document accepted (checked before any I/O). */
    public static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;

    private static final Capabilities CAPABILITIES = new Capabilities(NAME, EnumSet.of(Capability.OR, Capability.NOT,
            Capability.NOT_EQUAL, Capability.EXISTS, Capability.ARRAY_CONTAINS, Capability.STARTS_WITH, Capability.RANGE_ON_MULTIPLE_FIELDS,
            Capability.UNINDEXED_FIELDS, Capability.TEXT_SEARCH, Capability.OFFSET, Capability.TTL, Capability.PROJECTION), MAX_DOCUMENT_BYTES);

    private final ElasticStoreConfig config;
    private final ObjectMapper json;
    private final ElasticConnection connection;
    private final ElasticMigrationTarget migrationTarget;
    private final ElasticTtlSweeper sweeper;
    private final AtomicBoolean reservationsReady = new AtomicBoolean();

    private ElasticStore(ElasticStoreConfig config) {
        this.config = config;
        this.json = config.mapper().objectMapper().copy()
                .registerModule(new SimpleModule("stratum-elastic-json").addSerializer(BigDecimal.class, ToStringSerializer.instance));
        this.connection = new ElasticConnection(config, json);
        this.migrationTarget = new ElasticMigrationTarget(this, connection, config.migrationIndex(), config.clock());
        this.sweeper = new ElasticTtlSweeper(connection, config.ttlSweepInterval(), config.clock(), config.bulkBatchSize());
    }

    /** A builder whose {@code build()} validates the configuration and returns the store. */
    public static ElasticStoreConfig.Builder<ElasticStore> builder() {
        return new ElasticStoreConfig.Builder<>(ElasticStore::create);
    }

    /** The store of a configuration. Connects lazily: an unreachable server fails the first operation. */
    public static ElasticStore create(ElasticStoreConfig config) {
        return new ElasticStore(config);
    }

    /** The store of a URI ({@code http://…}, {@code https://…}, {@code elasticsearch://…}) with defaults otherwise. */
    public static ElasticStore open(String uri) {
        return builder().uri(uri).build();
    }

    public ElasticStoreConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * What the store can do; {@link Capability#READ_YOUR_WRITES} follows the store's default
     * {@link RefreshPolicy} (declared for {@code IMMEDIATE} and {@code WAIT_FOR}, not for {@code NONE}). A
     * repository's own {@link Repository#capabilities()} follow its entity's policy ({@link #refreshPolicy(Class)}).
     */
    @Override
    public Capabilities capabilities() {
        return capabilities(config.defaultRefresh());
    }

    /** The capabilities of a repository writing with {@code policy}: read-your-writes unless {@link RefreshPolicy#NONE}. */
    static Capabilities capabilities(RefreshPolicy policy) {
        return CAPABILITIES.with(Capability.READ_YOUR_WRITES, policy != RefreshPolicy.NONE);
    }

    /** The refresh policy in force for an entity type's writes. */
    public RefreshPolicy refreshPolicy(Class<?> entityType) {
        return config.refresh(entityType);
    }

    /** The alias an entity type's repository reads and writes ({@code prefix + @Entity name}). */
    public String aliasOf(Class<?> entityType) {
        return config.indexPrefix() + EntityMetadata.of(entityType).collection();
    }

    @Override
    protected <T> Repository<T, ?> createRepository(Class<T> entityType) {
        connection.firstContact(config.connectTimeout()); // a dead server fails here within seconds, not the socket timeout
        EntityMetadata<T> meta = EntityMetadata.of(entityType);
        String alias = config.indexPrefix() + meta.collection();
        boolean ttl = meta.ttlSeconds() > 0 || meta.indexes().stream().anyMatch(i -> i.ttlSeconds() > 0);
        ElasticMapping mapping = new ElasticMapping(meta, json, ttl);
        ElasticIndexes.ensure(connection, json, alias, mapping.mapping(), config.replicas().orElse(null), entityType.getName());
        boolean unique = meta.indexes().stream().anyMatch(i -> i.unique());
        String reservations = config.indexPrefix() + "stratum_unique";
        if (unique && reservationsReady.compareAndSet(false, true)) {
            ElasticIndexes.ensure(connection, json, reservations, Map.of("dynamic", "strict", "properties",
                    Map.of("owner", Map.of("type", "keyword"), "at", Map.of("type", "long"))), config.replicas().orElse(null),
                    "unique reservations");
        }
        ElasticDocuments documents = new ElasticDocuments(json, mapping, meta);
        StoreInfo info = new StoreInfo(NAME, config.indexPrefix().isEmpty() ? "default" : config.indexPrefix(), alias, connection.host(),
                connection.port());
        ElasticRepository<T, Object> repo = new ElasticRepository<>(meta, config.mapper(), capabilities(config.refresh(entityType)), info,
                config.clock(), connection,
                mapping, documents, config.refresh(entityType), config.fetchSize(), config.bulkBatchSize(), config.pointInTimeKeepAlive(),
                unique ? reservations : null);
        if (documents.hasTtl()) {
            sweeper.watch(alias, repo);
        }
        return repo;
    }

    /**
     * Changes an entity's mapping the migration way: a new index {@code <alias>_v<n+1>} with the mapping
     * of {@code newType}, every document copied, then the alias moved atomically (readers never see a
     * missing or half-filled index). Call it from a {@code Migration} before the first
     * {@code repository(newType)}; writers of the entity should be stopped while it copies.
     *
     * <pre>{@code
     * public final class V3__Full_text_titles implements Migration {
     *     public void up(MigrationContext ctx) { ctx.store().unwrap(ElasticStore.class).migrateIndex(TaskV2.class); }
     * }
     * }</pre>
     *
     * @return the new index's name
     */
    public String migrateIndex(Class<?> newType) {
        EntityMetadata<?> meta = EntityMetadata.of(newType);
        String alias = config.indexPrefix() + meta.collection();
        boolean ttl = meta.ttlSeconds() > 0 || meta.indexes().stream().anyMatch(i -> i.ttlSeconds() > 0);
        ElasticMapping mapping = new ElasticMapping(meta, json, ttl);
        return ElasticIndexes.migrate(connection, json, alias, mapping.mapping(), config.replicas().orElse(null), meta.idProperty(),
                config.bulkBatchSize());
    }

    /**
     * Opens one point in time over every index of this store (all indexes named {@code prefix*}), so
     * that reads of several entity types through it see one moment: the consistent read of a backup
     * export ({@code stratum-backup}'s Elasticsearch plug-in uses it). Close it when done.
     */
    public ElasticPointInTime openPointInTime() {
        String pattern = config.indexPrefix() + "*";
        String keepAlive = Math.max(1, config.pointInTimeKeepAlive().toSeconds()) + "s";
        ElasticsearchClient client = connection.client();
        for (int attempt = 0; ; attempt++) {
            Map<String, List<String>> before = indicesByAlias(pattern);
            Instant at = config.clock().instant();
            String id = connection.call("open a point in time on " + pattern, () -> client.openPointInTime(p -> p.index(pattern)
                    .keepAlive(k -> k.time(keepAlive)).ignoreUnavailable(true)).id());
            // an alias moved between the listing and the opening (a migration's swap): list again
            if (before.equals(indicesByAlias(pattern)) || attempt == 4) {
                return new ElasticPointInTime(this, client, id, before, at);
            }
            try {
                client.closePointInTime(c -> c.id(id));
            } catch (Exception e) {
                // expires anyway
            }
        }
    }

    private Map<String, List<String>> indicesByAlias(String pattern) {
        var response = connection.call("list the aliases of " + pattern, () -> connection.client().indices()
                .getAlias(g -> g.index(pattern).ignoreUnavailable(true).allowNoIndices(true)));
        Map<String, List<String>> out = new TreeMap<>();
        response.result().forEach((index, aliases) -> aliases.aliases().keySet()
                .forEach(a -> out.computeIfAbsent(a, k -> new ArrayList<>()).add(index)));
        out.values().forEach(Collections::sort);
        return out;
    }

    /** Deletes the expired documents of every repository with a TTL now (the sweeper does it periodically). */
    public long sweepExpired() {
        return sweeper.sweepNow();
    }

    /**
     * The native query of a Stratum query on an entity, validated and translated as the repository
     * does: use it in your own searches and aggregations through {@link ElasticsearchClient}.
     */
    public co.elastic.clients.elasticsearch._types.query_dsl.Query nativeQuery(Class<?> entityType, Query query) {
        return ((ElasticRepository<?, ?>) repository(entityType)).nativeQuery(query);
    }

    /** Cluster health within the configured timeout: up unless red or unreachable. Never throws. */
    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            String timeout = Math.max(1, config.healthTimeout().toMillis()) + "ms";
            HealthResponse h = connection.client().cluster().health(r -> r.timeout(t -> t.time(timeout)));
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("cluster", h.clusterName());
            details.put("status", h.status().jsonValue());
            details.put("nodes", h.numberOfNodes());
            if (h.status() == HealthStatus.Red) {
                return Health.down(latency, "cluster " + h.clusterName() + " is red");
            }
            return Health.up(latency, serverVersion(), details);
        } catch (ElasticsearchException e) {
            return Health.down(Duration.ofNanos(System.nanoTime() - start), healthError(e));
        } catch (Exception e) {
            return Health.down(Duration.ofNanos(System.nanoTime() - start), healthError(e));
        }
    }

    private static String healthError(Exception e) {
        DataAccessException translated = ElasticErrors.translate(e, "health check", false);
        return Objects.requireNonNullElse(translated.getMessage(), translated.getClass().getSimpleName());
    }

    private @Nullable String serverVersion() {
        try {
            var nodes = connection.client().nodes().info(n -> n.metric("_none")).nodes();
            return nodes.values().stream().map(n -> n.version()).findFirst().orElse(null);
        } catch (Exception e) {
            return null;
        }
    }

    /** See {@link ElasticIndexOperations}: what an index step means here, and what is refused. */
    @Override
    public void checkCreatable(Class<?> entityType, IndexDefinition index) {
        ElasticIndexOperations.checkCreatable(entityType, index);
    }

    @Override
    public boolean createIndex(Class<?> entityType, IndexDefinition index) {
        return ElasticIndexOperations.create(entityType, index);
    }

    @Override
    public boolean dropIndex(Class<?> entityType, String name) {
        return false; // nothing was created (see checkCreatable), and declared indexes stay
    }

    @Override
    public List<IndexDefinition> indexes(Class<?> entityType) {
        return ElasticIndexOperations.list(entityType);
    }

    @Override
    public MigrationTarget migrationTarget() {
        return migrationTarget;
    }

    /** {@code ElasticsearchClient.class}, {@code ElasticStoreConfig.class} or this store. */
    @Override
    public <N> N unwrap(Class<N> type) {
        if (type == ElasticsearchClient.class) {
            return type.cast(connection.client());
        }
        if (type == ElasticStoreConfig.class) {
            return type.cast(config);
        }
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("the Elasticsearch store cannot be unwrapped to " + type.getName()
                + " (supported: ElasticsearchClient, ElasticStoreConfig, ElasticStore)");
    }

    @Override
    protected void doClose() {
        sweeper.close();
        connection.close();
    }

    @Override
    public String toString() {
        return "ElasticStore[" + config + "]";
    }
}
