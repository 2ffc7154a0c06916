package dev.stratum.testkit.memory;

import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.CursorKey;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Health;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargetProvider;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.spi.AbstractStore;
import dev.stratum.api.spi.IndexOperations;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe store that keeps everything in memory, with the same semantics as the real stores
 * (it passes the whole {@code RepositoryCompatibilityKit}). Use it to unit-test services without
 * servers:
 *
 * <pre>{@code
 * Store store = InMemoryStore.create();
 * TaskService service = new TaskService(store.repository(Task.class));
 * }</pre>
 *
 * <p>Documents are deep-copied on the way in and out, so tests cannot alter stored state through
 * references. Like MongoDB it refuses documents over 16 MiB. It supports every {@link Capability}
 * except {@link Capability#TRANSACTIONS} ({@code inTransaction} is refused), declares none of the
 * semantic differences, and computes aggregations with the reference computation (the result every
 * store must give). TTL expiry follows the injected {@link Clock}, so tests can
 * move time forward. Its {@link IndexOperations} create every kind of index but text ones (unique,
 * sparse, compound, TTL), enforced on every later write like the declared ones.
 */
public final class InMemoryStore extends AbstractStore implements MigrationTargetProvider, IndexOperations {
    /** The name used for {@code db.system.name} and in messages. */
    public static final String NAME = "memory";
    static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final String namespace;
    private final Clock clock;
    private final EntityMapper mapper;
    private final CursorKey cursorKey;
    private final Capabilities capabilities;
    private final InMemoryMigrationTarget migrationTarget;
    private final Map<String, InMemoryRepository.Collection> collections = new ConcurrentHashMap<>();

    private InMemoryStore(Builder b) {
        this.cursorKey = b.cursorKey != null ? b.cursorKey : CursorKey.random();
        this.namespace = b.namespace;
        this.clock = b.clock;
        this.mapper = b.mapper;
        this.capabilities = new Capabilities(NAME, EnumSet.complementOf(EnumSet.of(Capability.TRANSACTIONS,
                Capability.NATIVE_AGGREGATION, Capability.ORDER_BY_DROPS_MISSING, Capability.NE_DROPS_MISSING,
                Capability.UNTYPED_FIELD_QUERIES_REFUSED)), MAX_DOCUMENT_BYTES);
        this.migrationTarget = new InMemoryMigrationTarget(this, clock);
    }

    /** A new, empty store with the system clock. */
    public static InMemoryStore create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    protected <T> Repository<T, ?> createRepository(Class<T> entityType) {
        EntityMetadata<T> meta = EntityMetadata.of(entityType);
        InMemoryRepository.Collection data = collections.computeIfAbsent(meta.collection(), c -> new InMemoryRepository.Collection());
        return new InMemoryRepository<>(meta, mapper, capabilities, new StoreInfo(NAME, namespace, meta.collection(), null, 0), clock, cursorKey,
                data);
    }

    @Override
    public void checkCreatable(Class<?> entityType, IndexDefinition index) {
        if (index.text()) {
            throw new QueryNotSupportedException(NAME, "createIndex of a text index", "declare @Indexed(text = true)");
        }
    }

    @Override
    public boolean createIndex(Class<?> entityType, IndexDefinition index) {
        checkCreatable(entityType, index);
        return collection(entityType).createIndex(index);
    }

    @Override
    public boolean dropIndex(Class<?> entityType, String name) {
        return collection(entityType).dropIndex(name);
    }

    @Override
    public List<IndexDefinition> indexes(Class<?> entityType) {
        return collection(entityType).indexes();
    }

    private InMemoryRepository<?, ?> collection(Class<?> entityType) {
        return (InMemoryRepository<?, ?>) repository(entityType);
    }

    @Override
    public Health health() {
        return Health.up(Duration.ZERO, "in-memory", Map.of("namespace", namespace));
    }

    @Override
    public MigrationTarget migrationTarget() {
        return migrationTarget;
    }

    @Override
    public <N> N unwrap(Class<N> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("in-memory store cannot be unwrapped to " + type.getName());
    }

    @Override
    protected void doClose() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "InMemoryStore[" + namespace + "]";
    }

    /** Builder of {@link InMemoryStore}. */
    public static final class Builder {
        /** Each store holds its own data, so by default each reports its own namespace (caches key on it). */
        private String namespace = "memory-" + INSTANCES.incrementAndGet();
        private Clock clock = Clock.systemUTC();
        private EntityMapper mapper = EntityMapper.defaults();
        private @Nullable CursorKey cursorKey;

        /** The key page cursors are signed with (default: random per store). */
        public Builder cursorKey(CursorKey key) {
            this.cursorKey = Objects.requireNonNull(key, "cursorKey");
            return this;
        }

        /**
         * The namespace reported in {@link StoreInfo} (default: {@code memory-<n>}, unique per store). Two
         * stores given the same namespace must not share a cache: their data differs.
         */
        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace);
            return this;
        }

        /** The clock for audit timestamps, TTL and migration leases. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder mapper(EntityMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper);
            return this;
        }

        public InMemoryStore build() {
            return new InMemoryStore(this);
        }
    }
}
