package dev.stratum.store.elastic;

/**
 * When a write becomes visible to searches (reads by id are real-time in Elasticsearch whatever this
 * says). Set per store ({@code ElasticStoreConfig.Builder.refresh}) or per entity
 * ({@code refresh(Type.class, policy)}). A repository declares {@link dev.stratum.api.Capability#READ_YOUR_WRITES}
 * in its {@code capabilities()} under {@link #IMMEDIATE} and {@link #WAIT_FOR}, not under {@link #NONE}.
 *
 * <pre>{@code
 * ElasticStore store = ElasticStore.builder().uri("http://localhost:9200")
 *         .refresh(RefreshPolicy.IMMEDIATE)               // the default: read-your-writes
 *         .refresh(ClickEvent.class, RefreshPolicy.NONE)   // ingest-heavy: visible after the next refresh
 *         .build();
 * }</pre>
 */
public enum RefreshPolicy {
    /**
     * {@code refresh=true}: the shard is refreshed as part of each write request, so the next query
     * sees it (the repository contract). Costs a refresh per write request; {@code saveAll} pays it once
     * per bulk batch. The default.
     */
    IMMEDIATE,
    /**
     * {@code refresh=wait_for}: the write returns once a scheduled refresh has made it visible (up to
     * {@code index.refresh_interval}, 1 s by default, per write). Read-your-writes without forcing
     * extra refreshes: fewer, larger segments under concurrent writers, but each write waits.
     */
    WAIT_FOR,
    /**
     * No refresh: a write is visible to searches after the next scheduled refresh (reads by id see it
     * at once). For ingest-heavy entities; such a repository does not keep the read-your-writes rule
     * for queries.
     */
    NONE
}
