package dev.stratum.store.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
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
import dev.stratum.store.elastic.internal.ElasticIndexMigration;
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
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Stratum on Elasticsearch 8: one index per entity type behind an alias, the whole repository
 * contract, full-text search as a first-class query, and the migration target.
 *
 * <pre>{@code
 * try (ElasticStore store = ElasticStore.open("http://localhost:9200")) {
 *     Repository<Task, String> tasks = store.repository(Task.class);   // template tasks_template, index tasks_v1, alias tasks
 *     tasks.insert(task);                                               // visible to the next query (refresh=true)
 *     List<Task> hits = tasks.find(Query.text("login outage").filter(Filter.eq("status", OPEN)).limit(20));
 *     ElasticsearchClient es = store.unwrap(ElasticsearchClient.class);
 * }
 * }</pre>
 *
 * <p>Capabilities: every filter, sort and projection on any mapped field, full-text search, offset
 * paging (offsets below 10,000, Elasticsearch's default {@code index.max_result_window}) and TTL; no multi-document transactions.
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
    private final Object reservationsLock = new Object();
    /** Set only once the reservation index exists: a failed first creation is retried by the next repository. */
    private volatile boolean reservationsReady;

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
        if (unique && !reservationsReady) {
            synchronized (reservationsLock) {
                if (!reservationsReady) {
                    ElasticIndexes.ensure(connection, json, reservations, Map.of("dynamic", "strict", "properties",
                            Map.of("owner", Map.of("type", "keyword"), "at", Map.of("type", "long"))), config.replicas().orElse(null),
                            "unique reservations");
                    reservationsReady = true;
                }
            }
        }
        ElasticDocuments documents = new ElasticDocuments(json, mapping, meta);
        StoreInfo info = new StoreInfo(NAME, config.indexPrefix().isEmpty() ? "default" : config.indexPrefix(), alias, connection.host(),
                connection.port());
        ElasticRepository<T, Object> repo = new ElasticRepository<>(meta, config.mapper(), capabilities(config.refresh(entityType)), info,
                config.clock(), config.cursorKey(), connection,
                mapping, documents, config.refresh(entityType), config.fetchSize(), config.bulkBatchSize(), config.pointInTimeKeepAlive(),
                unique ? reservations : null);
        if (documents.hasTtl()) {
            sweeper.watch(alias, repo);
        }
        return repo;
    }

    /**
     * Changes an entity's mapping the migration way: a new index {@code <alias>_v<n+1>} with the mapping
     * of {@code newType}, every document copied through {@code newType} (decoded into it and encoded
     * again, so properties it no longer declares are dropped and the stored data it needs, such as the
     * expiry of a TTL it adds, is computed), then the alias moved atomically (readers never see a missing
     * or half-filled index). A failed copy deletes the new index and puts the previous template back, so
     * it can simply run again. Call it from a {@code Migration} before the first
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
        return migrateIndex(newType, UnaryOperator.identity());
    }

    /**
     * {@link #migrateIndex(Class)} with {@code eachDocument} applied to every stored document before it is
     * decoded into {@code newType}: a rename moves the value to its new name. The document holds the stored
     * JSON forms (instants, dates and decimals as text), the store's own sidecar removed.
     *
     * <pre>{@code
     * store.migrateIndex(TaskV3.class, doc -> {          // "name" became "title"
     *     doc.put("title", doc.remove("name"));
     *     return doc;
     * });
     * }</pre>
     *
     * @return the new index's name
     */
    public String migrateIndex(Class<?> newType, UnaryOperator<Map<String, Object>> eachDocument) {
        EntityMetadata<?> meta = EntityMetadata.of(newType);
        String alias = config.indexPrefix() + meta.collection();
        boolean ttl = meta.ttlSeconds() > 0 || meta.indexes().stream().anyMatch(i -> i.ttlSeconds() > 0);
        ElasticMapping mapping = new ElasticMapping(meta, json, ttl);
        ElasticDocuments documents = new ElasticDocuments(json, mapping, meta);
        return ElasticIndexMigration.migrate(connection, json, alias, mapping.mapping(), config.replicas().orElse(null), meta.idProperty(),
                config.bulkBatchSize(), ElasticIndexMigration.reencoder(config.mapper(), documents, newType, meta.ttlSeconds() > 0,
                        eachDocument, config.clock()), newType.getName());
    }

    /**
     * Opens one point in time over every index of this store, so that reads of several entity types
     * through it see one moment: the consistent read of a backup export ({@code stratum-backup}'s
     * Elasticsearch plug-in uses it). Close it when done. The store's indexes are those behind its
     * aliases ({@code prefix*}) named {@code <alias>_v<n>}: with the default empty prefix that is every
     * Stratum alias on the cluster, never another application's indexes or the migration history.
     */
    public ElasticPointInTime openPointInTime() {
        String pattern = config.indexPrefix() + "*";
        String keepAlive = Math.max(1, config.pointInTimeKeepAlive().toSeconds()) + "s";
        ElasticsearchClient client = connection.client();
        for (int attempt = 0; ; attempt++) {
            Map<String, List<String>> before = indicesByAlias(pattern);
            Instant at = config.clock().instant();
            List<String> indices = before.values().stream().flatMap(List::stream).sorted().toList();
            if (indices.isEmpty()) {
                return new ElasticPointInTime(this, client, null, before, at);
            }
            String id = connection.call("open a point in time on " + indices, () -> client.openPointInTime(p -> p.index(indices)
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

    /** The store's aliases under {@code pattern} and their indexes; only aliases whose every index is {@code <alias>_v<n>}. */
    private Map<String, List<String>> indicesByAlias(String pattern) {
        var response = connection.call("list the aliases of " + pattern, () -> connection.client().indices()
                .getAlias(g -> g.index(pattern).ignoreUnavailable(true).allowNoIndices(true)));
        Map<String, List<String>> out = new TreeMap<>();
        response.result().forEach((index, aliases) -> aliases.aliases().keySet()
                .forEach(a -> out.computeIfAbsent(a, k -> new ArrayList<>()).add(index)));
        out.entrySet().removeIf(e -> !e.getKey().startsWith(config.indexPrefix())
                || !e.getValue().stream().allMatch(i -> i.startsWith(e.getKey() + "_v") && i.length() > e.getKey().length() + 2
                        && i.substring(e.getKey().length() + 2).chars().allMatch(Character::isDigit)));
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

    /**
     * Cluster health within the configured {@code healthTimeout}, bounded by the caller's clock (a server that accepts
     * and never answers is down after the timeout, not after the socket timeout): up unless red or unreachable. The
     * server version comes from {@code _nodes} within what is left of the timeout (absent if none is). Never throws.
     */
    @Override
    public Health health() {
        long start = System.nanoTime();
        Duration budget = config.healthTimeout();
        try {
            String timeout = Math.max(1, budget.toMillis()) + "ms";
            HealthResponse h = connection.bounded("health check", budget, es -> es.cluster().health(r -> r.timeout(t -> t.time(timeout))));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("cluster", h.clusterName());
            details.put("status", h.status().jsonValue());
            details.put("nodes", h.numberOfNodes());
            if (h.status() == HealthStatus.Red) {
                return Health.down(Duration.ofNanos(System.nanoTime() - start), "cluster " + h.clusterName() + " is red");
            }
            String version = serverVersion(budget.minusNanos(System.nanoTime() - start));
            return Health.up(Duration.ofNanos(System.nanoTime() - start), version, details);
        } catch (Exception e) {
            return Health.down(Duration.ofNanos(System.nanoTime() - start), healthError(e));
        }
    }

    private static String healthError(Exception e) {
        DataAccessException translated = ElasticErrors.translate(e, "health check", false);
        return Objects.requireNonNullElse(translated.getMessage(), translated.getClass().getSimpleName());
    }

    private @Nullable String serverVersion(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return null;
        }
        try {
            var nodes = connection.bounded("read the server version (_nodes)", left,
                    // the receiving node's info, with its smallest section ("/_nodes/_none" would name a node "_none": none)
                    es -> es.nodes().info(n -> n.nodeId("_local").metric("http"))).nodes();
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
