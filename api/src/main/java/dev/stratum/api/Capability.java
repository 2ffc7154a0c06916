package dev.stratum.api;

/**
 * Something a store may or may not do. A store declares what it supports in {@link Capabilities};
 * what it does not declare it refuses with {@link QueryNotSupportedException} before any I/O. The
 * compatibility kit checks both halves on every store.
 */
public enum Capability {
    /** {@link Filter#or}. */
    OR,
    /** {@link Filter#not}. */
    NOT,
    /** {@link Filter#ne} and {@link Filter#nin}. */
    NOT_EQUAL,
    /** {@link Filter#exists} / {@link Filter#missing}. */
    EXISTS,
    /** {@link Filter#contains} on list fields. */
    ARRAY_CONTAINS,
    /** {@link Filter#startsWith}. */
    STARTS_WITH,
    /** Range filters on more than one field in one query. */
    RANGE_ON_MULTIPLE_FIELDS,
    /** Filters and sorts on any field, not only indexed ones, without {@link Query#allowScan()}. */
    UNINDEXED_FIELDS,
    /** {@link Query#allowScan()} makes queries on unindexed fields possible. */
    SCAN,
    /** Full-text match ({@link Query#matching}). */
    TEXT_SEARCH,
    /** {@link Query#offset(int)} and offset paging. */
    OFFSET,
    /** Multi-document transactions. */
    TRANSACTIONS,
    /** Entities expire ({@link Entity#ttlSeconds()}, {@link Indexed#ttlSeconds()}). */
    TTL,
    /**
     * Projections ({@link Repository#find(Query, Class)}) executed by the store, which then sends only
     * the projected fields; without it the repository fetches whole documents and maps them. Either
     * way the result is the same.
     */
    PROJECTION,
    /**
     * {@link Repository#aggregate} runs on the server; without it the repository computes the result
     * from a bounded stream of the matching entities. Either way the result is the same.
     */
    NATIVE_AGGREGATION,
    /**
     * Read-your-writes for queries: once a write through the repository has returned, the next
     * {@link Repository#find}, {@link Repository#count}, {@link Repository#stream} or {@link Repository#page}
     * sees it (reads by id always do). A consistency guarantee, not a construct that can be refused: a
     * repository without it still accepts every query, whose results lag the writes for a while (e.g.
     * Elasticsearch with {@code RefreshPolicy.NONE}: until the index's next scheduled refresh). Declared per
     * repository when the store lets the consistency be chosen per entity type, so check
     * {@link Repository#capabilities()} rather than the store's. The compatibility kit skips the checks that
     * query right after writing, naming this capability, on a repository that lacks it.
     *
     * <pre>{@code
     * if (!clicks.capabilities().supports(Capability.READ_YOUR_WRITES)) {
     *     // count() may not include the click just saved: show an estimate, or read by id
     * }
     * }</pre>
     */
    READ_YOUR_WRITES,
    /**
     * A <em>semantic</em> capability (a declared difference, not a feature): sorting by a field drops
     * the entities in which it is absent (Firestore's {@code orderBy}; a stored null is kept and sorts
     * first). The kit then expects exactly that instead of nulls-first ordering of entities lacking it.
     */
    ORDER_BY_DROPS_MISSING,
    /**
     * A <em>semantic</em> capability: {@link Filter#ne}/{@link Filter#nin} with a non-null value do not
     * match entities whose field is null or absent (Firestore's {@code !=}/{@code not-in}), where the
     * contract otherwise matches them. The kit then expects exactly that.
     */
    NE_DROPS_MISSING,
    /**
     * A <em>semantic</em> capability (a declared gap): filters and sorts on untyped fields ({@code Object}
     * values, entries of a {@code Map<String, Object>}) are refused with {@link QueryNotSupportedException},
     * because the store cannot compare such values by the contract's typed order (Elasticsearch maps
     * untyped maps as {@code flattened} text: {@code 10 < 9}, {@code true >= 1.5}). The fuzzer and the kit
     * then expect the refusal.
     */
    UNTYPED_FIELD_QUERIES_REFUSED;

    /** Whether this capability declares a difference in semantics rather than a feature. */
    public boolean isSemantic() {
        return this == ORDER_BY_DROPS_MISSING || this == NE_DROPS_MISSING || this == UNTYPED_FIELD_QUERIES_REFUSED;
    }
}
