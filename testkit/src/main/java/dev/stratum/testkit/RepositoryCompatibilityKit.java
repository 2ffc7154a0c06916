package dev.stratum.testkit;

import dev.stratum.api.Capability;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.domain.Counter;
import dev.stratum.testkit.domain.KitDomain;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour every {@link Repository} must show, whatever store is behind it. A store's
 * compatibility test is a short subclass that says how to get a repository:
 *
 * <pre>{@code
 * class RedisCompatibilityTest extends RepositoryCompatibilityKit {
 *     static Store store;
 *
 *     @BeforeAll
 *     static void open() { store = Stores.open(System.getProperty("stratum.redis.uri", "redis://127.0.0.1:6379/0")); }
 *
 *     @AfterAll
 *     static void close() { store.close(); }
 *
 *     @Override
 *     protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
 *         return store.repository(entityType);
 *     }
 * }
 * }</pre>
 *
 * <p>The checks are grouped in {@code @Nested} classes: {@link Crud}, {@link Mapping},
 * {@link Queries}, {@link Sorting}, {@link Paging}, {@link Streaming}, {@link Versioning}, {@link Bulk},
 * {@link BadInput}, {@link Ids}, {@link Audit}, {@link Capabilities}, {@link Ttl}, {@link PartialUpdates},
 * {@link Projections}, {@link Aggregations}, {@link OperatorLookingValues} and {@link StoreEntryPoints}. They run on the
 * entities of {@code dev.stratum.testkit.domain}; before each test every one of their collections is
 * reset with {@link #resetCollection(Repository)}.
 *
 * <p>What a store does not declare in its {@link dev.stratum.api.Capabilities} is not skipped but
 * tested the other way round: the {@link Capabilities} group checks that it is refused with a
 * {@link dev.stratum.api.QueryNotSupportedException} naming the store, before any I/O. Checks of
 * other groups that need an undeclared capability are skipped with an assumption saying so; nothing
 * is ever skipped silently.
 *
 * <p>The kit expects read-your-writes: an entity written by one call is visible to the next query (a store
 * over a near-real-time engine refreshes as part of the write). A repository that does not declare
 * {@link Capability#READ_YOUR_WRITES} (e.g. Elasticsearch with {@code RefreshPolicy.NONE}) gets every group that
 * queries after writing skipped, with a reason naming the capability and the entity types.
 *
 * <p>Hooks a subclass may override (each documented on its method): {@link #resetCollection(Repository)},
 * {@link #store()}, {@link #ttlExpiryTimeout()}, {@link #ttlExpiryUnobservableReason()},
 * {@link #exactDecimalsUncheckableReason()}, {@link #untypedFieldValuesGapReason()},
 * {@link #concurrentWritersUncheckableReason()}, {@link #concurrentWriters()} (the size of the concurrent-writers
 * check, and whether conflicts are expected) and {@link #concurrentWritersRepository()}.
 *
 * <p>The kit runs the entity mapper in strict mode ({@link dev.stratum.api.EntityMapper#STRICT_PROPERTY}),
 * unless the system property is set otherwise: a stored value a direct mapping codec leaves to Jackson
 * fails the check instead of passing slowly.
 */
public abstract class RepositoryCompatibilityKit {
    static {
        if (System.getProperty(EntityMapper.STRICT_PROPERTY) == null) {
            System.setProperty(EntityMapper.STRICT_PROPERTY, "true");
        }
    }

    /**
     * The repository of {@code entityType} on the store under test. Called often: return a cached
     * instance (as {@link dev.stratum.api.Store#repository(Class)} does).
     */
    protected abstract <T, ID> Repository<T, ID> repository(Class<T> entityType);

    /**
     * Empties one of the kit's collections; called for every domain collection before each test. The
     * default deletes through the repository; override for something faster (drop, flush, truncate).
     */
    protected void resetCollection(Repository<?, ?> repo) {
        repo.deleteAll(Query.all());
    }

    /**
     * How long the {@link Ttl} group waits for an expired entity to disappear, on stores declaring
     * {@link Capability#TTL}; 3 seconds unless overridden. A store that expires on a coarser schedule
     * (MongoDB's TTL monitor runs once a minute) returns {@link Duration#ZERO}, which skips the
     * expiry waits with an assumption naming this method.
     */
    protected Duration ttlExpiryTimeout() {
        return Duration.ofSeconds(3);
    }

    /**
     * Why store-side expiry cannot be observed through {@link #repository(Class)} at all, or empty (the default).
     * A repository decorated with a cache, for one, serves an entity until the cache's own TTL after the store
     * expired it. The {@link Ttl} group's expiry check is then skipped with this reason (rather than the generic
     * one of a zero {@link #ttlExpiryTimeout()}).
     */
    protected Optional<String> ttlExpiryUnobservableReason() {
        return Optional.empty();
    }

    /**
     * Why exact ordering of decimals that a double cannot tell apart cannot be checked here (a test
     * server that compares decimals as doubles, e.g. mongo-java-server), or empty to check it. The skip
     * carries this reason.
     */
    protected Optional<String> exactDecimalsUncheckableReason() {
        return Optional.empty();
    }

    /**
     * A known, reported gap of the store under test in how a list or map held by an untyped
     * ({@code Object}/{@code Map}) field is queried (see {@code QueryGroup.aListInAnUntypedFieldIsOneValue}),
     * or empty when the store keeps the contract. The test is skipped with this reason; a store that
     * returns one has an open defect, not a feature.
     */
    protected Optional<String> untypedFieldValuesGapReason() {
        return Optional.empty();
    }

    /**
     * Why the server under test cannot take part in the concurrent-writers check, or empty (the
     * default) to run it. Only for test servers with a known, external defect — never for the store:
     * the in-process mongo-java-server, for one, hands out half-replaced documents to concurrent
     * readers, so even the raw driver loses increments there. The skip carries this reason.
     */
    protected Optional<String> concurrentWritersUncheckableReason() {
        return Optional.empty();
    }

    /**
     * The size of the {@link Versioning} group's concurrent-writers check: how many writer threads make how many
     * versioned increments each (retrying on conflict), and whether the writers must have collided at least once.
     * {@link ConcurrentWriters#defaults()} (8 × 200, conflicts not required) unless overridden; a store whose
     * contract promises more (Elasticsearch: 16 writers × 200, conflicts expected) returns its own size:
     *
     * <pre>{@code
     * @Override
     * protected ConcurrentWriters concurrentWriters() {
     *     return ConcurrentWriters.of(16, 200).expectingConflicts();
     * }
     * }</pre>
     */
    protected ConcurrentWriters concurrentWriters() {
        return ConcurrentWriters.defaults();
    }

    /**
     * The repository the concurrent-writers check inserts, reads by id and updates its {@link Counter} through:
     * {@code repository(Counter.class)} unless overridden. The check never queries, so a store may hand a repository of
     * the same collection that skips work only queries need, as long as its writes take the same optimistic-locking
     * path (Elasticsearch: one with {@code RefreshPolicy.NONE}, whose reads by id are real-time and whose writes carry
     * the same {@code if_seq_no} check). The kit's reset still empties the collection through
     * {@code repository(Counter.class)} before the next test, so such a subclass makes those writes visible to it in
     * {@link #resetCollection(Repository)}.
     */
    protected Repository<Counter, String> concurrentWritersRepository() {
        return repository(Counter.class);
    }

    /**
     * The store behind {@link #repository(Class)}, for the {@link StoreEntryPoints} group (typed
     * repositories, transactions); empty by default, which skips that group with this reason.
     */
    protected Optional<Store> store() {
        return Optional.empty();
    }

    @BeforeEach
    void resetDomainCollections() {
        for (Class<?> type : KitDomain.entityTypes()) {
            resetCollection(repository(type));
        }
    }

    /** Insert, find, save, update, delete. */
    @Nested
    @DisplayName("CRUD")
    class Crud extends CrudGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Every supported value type survives a write and a read unchanged. */
    @Nested
    @DisplayName("mapping fidelity")
    class Mapping extends MappingGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Every filter operator alone and combined; sort, limit, projection, count, deleteAll. */
    @Nested
    @DisplayName("queries")
    class Queries extends QueryGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Sort on every ordered type, limit, projection, count, deleteAll of a query. */
    @Nested
    @DisplayName("sorting, limit, projection, count")
    class Sorting extends SortGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Keyset paging (and offset paging where declared). */
    @Nested
    @DisplayName("paging")
    class Paging extends PagingGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Lazily fetched, closeable streams. */
    @Nested
    @DisplayName("streaming")
    class Streaming extends StreamingGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Optimistic locking, including concurrent writers. */
    @Nested
    @DisplayName("versioning")
    class Versioning extends VersioningGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** {@code saveAll} with partial failures. */
    @Nested
    @DisplayName("bulk")
    class Bulk extends BulkGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Each kind of bad input gets its specific exception and writes nothing. */
    @Nested
    @DisplayName("bad input")
    class BadInput extends BadInputGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** String, UUID and long ids; lookups by many ids. */
    @Nested
    @DisplayName("ids")
    class Ids extends IdGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** {@code @CreatedAt} and {@code @UpdatedAt}. */
    @Nested
    @DisplayName("audit")
    class Audit extends AuditGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** The store's declared capabilities match its behaviour, both ways. */
    @Nested
    @DisplayName("capabilities")
    class Capabilities extends CapabilityGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** {@code update(id, Update)} and {@code updateAll}: atomic partial updates. */
    @Nested
    @DisplayName("partial updates")
    class PartialUpdates extends PartialUpdateGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** {@code findFirst}, {@code exists}, {@code count}; projections to DTOs that cannot be written back. */
    @Nested
    @DisplayName("findFirst, exists, projections")
    class Projections extends ProjectionGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Grouping, time buckets, count/sum/avg/min/max. */
    @Nested
    @DisplayName("aggregation")
    class Aggregations extends AggregationGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Typed repositories and transactions, through {@link #store()}. */
    @Nested
    @DisplayName("store entry points")
    class StoreEntryPoints extends StoreGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Equality on a compound index's leading fields plus range and sort on the next field. */
    @Nested
    @DisplayName("compound indexes")
    class CompoundIndexes extends CompoundIndexGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Expiry, on stores declaring {@link Capability#TTL}. */
    @Nested
    @DisplayName("TTL")
    class Ttl extends TtlGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Values that look like operators, wildcards or script are stored and matched as plain data. */
    @Nested
    @DisplayName("operator-looking values")
    class OperatorLookingValues extends OperatorLookingValuesGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** {@code DocumentAccess.writeVerbatim}, the SPI backup restores and copies write through. */
    @Nested
    @DisplayName("Document access")
    class DocumentAccessChecks extends DocumentAccessGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Signed cursors, mixed-type sort keys, huge page sizes (issue 11). */
    @Nested
    @DisplayName("Paging contract")
    class PagingContract extends PagingContractGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }

    /** Sparse unique indexes with nulls, paths through lists (issue 11). */
    @Nested
    @DisplayName("Sparse indexes and list paths")
    class SparseAndPaths extends SparseAndPathsGroup {
        @Override
        RepositoryCompatibilityKit kit() {
            return RepositoryCompatibilityKit.this;
        }
    }
}
