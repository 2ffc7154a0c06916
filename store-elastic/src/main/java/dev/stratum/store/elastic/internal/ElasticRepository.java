package dev.stratum.store.elastic.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import dev.stratum.api.Capabilities;
import dev.stratum.api.CursorKey;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.spi.AbstractRepository;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import dev.stratum.store.elastic.RefreshPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link dev.stratum.api.Repository} over one Elasticsearch alias. The base class validates and
 * prepares; this class runs each operation natively:
 *
 * <ul>
 *   <li>reads by id are real-time {@code GET}/{@code _mget}; queries are searches
 *       ({@link ElasticQueryTranslator}) streamed by {@link ElasticSearchStream}; counts use {@code _count};
 *   <li>inserts are {@code op_type=create} (a 409 is a duplicate id); replaces read the stored document
 *       and write it back with {@code if_seq_no}/{@code if_primary_term}, so a concurrent change in between
 *       is a version conflict and nothing is written; the {@code @Version} check is on the read document
 *       ({@link ElasticSingleWriter});
 *   <li>every write carries the repository's refresh policy ({@link RefreshPolicy});
 *   <li>{@code saveAll} is one {@code _bulk} per batch ({@link ElasticBulkWriter}); {@code deleteAll}
 *       reads the matching ids with their sequence numbers and deletes them with {@code _bulk}, each
 *       conditionally ({@code if_seq_no}; no {@code _delete_by_query}: the minimal distribution lacks
 *       it, and this works on every server);
 *   <li>unique indexes are kept by {@link ElasticUniqueReservations} ({@code saveAll}: reservations and
 *       entities each in one {@code _bulk} per batch), back-filled over stored documents when the
 *       repository opens; expiry by the sidecar's
 *       {@code expireAt}, filtered at query time and swept by the store.
 * </ul>
 *
 * @param <T> entity type
 * @param <ID> id type
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class ElasticRepository<T, ID> extends AbstractRepository<T, ID> {
    private final ElasticConnection connection;
    private final ElasticsearchClient client;
    private final String alias;
    private final ElasticMapping mapping;
    private final ElasticDocuments documents;
    private final ElasticQueryTranslator translator;
    private final Refresh refresh;
    private final RefreshPolicy refreshPolicy;
    private final int fetchSize;
    private final Duration keepAlive;
    private final Clock clock;
    private final @Nullable ElasticUniqueReservations uniques;
    private final ElasticBulkWriter bulk;
    private final ElasticSingleWriter single;
    private final String whatRead;
    private final String whatFind;

    public ElasticRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo storeInfo,
            Clock clock, CursorKey cursorKey, ElasticConnection connection, ElasticMapping mapping, ElasticDocuments documents,
            RefreshPolicy refreshPolicy, int fetchSize, int bulkBatchSize, Duration keepAlive, @Nullable String reservationIndex) {
        super(metadata, mapper, capabilities, storeInfo, clock, cursorKey);
        this.connection = connection;
        this.client = connection.client();
        this.alias = storeInfo.collection();
        this.mapping = mapping;
        this.documents = documents;
        this.translator = new ElasticQueryTranslator(metadata, mapping, documents);
        this.refreshPolicy = refreshPolicy;
        this.refresh = switch (refreshPolicy) {
            case IMMEDIATE -> Refresh.True;
            case WAIT_FOR -> Refresh.WaitFor;
            case NONE -> Refresh.False;
        };
        this.fetchSize = fetchSize;
        this.keepAlive = keepAlive;
        this.clock = clock;
        this.uniques = reservationIndex == null ? null : ElasticUniqueReservations.of(metadata, this, reservationIndex);
        this.bulk = new ElasticBulkWriter(this, bulkBatchSize);
        this.single = new ElasticSingleWriter(connection, alias, documents, refresh, metadata.versionProperty().orElse(null), clock);
        this.whatRead = "read from " + alias;
        this.whatFind = "search " + alias;
        if (uniques != null) {
            uniques.backfill(); // a unique index declared over stored documents is enforced from the start, or the open fails
        }
    }

    // ------------------------------------------------------------------------- shared with helpers

    ElasticConnection connection() {
        return connection;
    }

    String alias() {
        return alias;
    }

    Refresh refresh() {
        return refresh;
    }

    /** The refresh policy in force for this repository. */
    public RefreshPolicy refreshPolicy() {
        return refreshPolicy;
    }

    long nowMillis() {
        return clock.millis();
    }

    static String docId(@Nullable Object id) {
        return String.valueOf(id);
    }

    Map<String, Object> source(WriteOp op) {
        return documents.toSource(op.document(), nowMillis());
    }

    /** The stored {@code _source} (sidecar included) with its sequence number and term, or null (absent or expired). */
    record Stored(Map<String, Object> source, long seqNo, long primaryTerm) {}

    /** The stored document (real-time {@code GET}), or null when absent or expired. */
    @Nullable Stored read(Object id) {
        return single.read(id);
    }

    /** The outcome of a versioned check against a stored document, or null when the write may go ahead. */
    @Nullable WriteOutcome check(@Nullable Stored current, @Nullable Long expectedVersion) {
        return single.check(current, expectedVersion);
    }


    // ------------------------------------------------------------------------- writes

    @Override
    protected WriteOutcome doWrite(WriteOp op) {
        return uniques != null ? uniques.write(op) : writeDirect(op);
    }

    /** One write without unique-index bookkeeping. */
    WriteOutcome writeDirect(WriteOp op) {
        return single.write(op, source(op));
    }

    /** An insert whose {@code op_type=create} met a document with its id ({@link ElasticSingleWriter#insertTaken}). */
    WriteOutcome insertTaken(String id, Map<String, Object> source) {
        return single.insertTaken(id, source);
    }

    @Override
    protected List<WriteResult> doWriteAll(List<WriteOp> ops) {
        if (uniques == null) {
            return bulk.write(ops);
        }
        ElasticUniqueReservations u = uniques;
        return bulk.inBatches(ops, batch -> u.writeAll(batch, bulk));
    }

    @Override
    protected WriteOutcome doDelete(Object id, @Nullable Long expectedVersion) {
        ElasticUniqueReservations u = uniques;
        boolean unconditional = expectedVersion == null && u == null && !documents.hasTtl();
        return single.delete(id, expectedVersion, unconditional, u == null ? null : deleted -> u.released(id, deleted));
    }

    /**
     * Reads the matching documents (one point in time, with their sequence numbers) and deletes each
     * conditionally on being unchanged since it was read ({@code if_seq_no}/{@code if_primary_term}). A
     * document changed in between (409) is <b>left</b>, not re-checked: it is no longer the document the
     * query matched, and the concurrent write is ordered after this deleteAll (as if it had re-created
     * it). Only documents really deleted are counted and have their unique values freed.
     */
    @Override
    protected long doDeleteAll(Query query) {
        Query q = uniques == null ? query.project(metadata.idProperty()) : query;
        return bulk.deleteFound(searchHits(q), null);
    }

    /** Deletes the documents whose expiry has passed (the TTL sweeper's work). */
    public long deleteExpired() {
        return deleteExpired(null);
    }

    /**
     * The sweep: expired documents are read with their sequence numbers and deleted only if unchanged since
     * (a document re-saved with a new expiry in between gets a 409 and survives, its unique values kept).
     * {@code beforeDelete} (tests only) runs between reading a batch and deleting it.
     */
    long deleteExpired(@Nullable Consumer<List<ElasticSearchStream.Found>> beforeDelete) {
        List<String> includes = uniques == null ? List.of(metadata.idProperty()) : null;
        return bulk.deleteFound(ElasticSearchStream.openHits(connection, new ElasticSearchStream.Spec(alias,
                ElasticQueryTranslator.expired(nowMillis()), List.of(translator.sort(Query.all()).get(0)), includes, 0, 0, fetchSize,
                keepAlive, "sweep expired documents of " + alias)), beforeDelete);
    }

    /** After {@code _bulk} deleted these documents: frees their unique values. */
    void deletedAll(List<ElasticSearchStream.Found> deleted) {
        if (uniques != null) {
            for (ElasticSearchStream.Found f : deleted) {
                uniques.released(f.id(), f.source());
            }
        }
    }

    // ------------------------------------------------------------------------- reads

    @Override
    protected @Nullable Map<String, Object> doFindById(Object id) {
        Stored s = read(id);
        return s == null ? null : ElasticDocuments.fromSource(s.source());
    }

    @Override
    protected List<Map<String, Object>> doFindAllById(List<Object> ids) {
        List<String> keys = ids.stream().map(ElasticRepository::docId).toList();
        MgetResponse<ElasticStoredSource> r = connection.call(whatRead, () -> client.mget(m -> m.index(alias).ids(keys), ElasticStoredSource.class));
        List<Map<String, Object>> out = new ArrayList<>(ids.size());
        long now = nowMillis();
        for (MultiGetResponseItem<ElasticStoredSource> item : r.docs()) {
            if (item.isResult() && item.result().found() && item.result().source() != null) {
                Map<String, Object> source = item.result().source();
                if (!documents.hasTtl() || !ElasticDocuments.expired(source, now)) {
                    out.add(ElasticDocuments.fromSource(source));
                }
            }
        }
        return out;
    }

    @Override
    protected boolean doExistsById(Object id) {
        if (documents.hasTtl()) {
            return read(id) != null;
        }
        return connection.call(whatRead, () -> client.exists(e -> e.index(alias).id(docId(id))).value());
    }

    @Override
    protected Stream<Map<String, Object>> doFind(Query query) {
        return search(query).map(ElasticDocuments::fromSource);
    }

    private Stream<Map<String, Object>> search(Query query) {
        return ElasticSearchStream.open(connection, searchSpec(query));
    }

    /** Every live (unexpired) document with its id, over one point in time (the unique back-fill). */
    Stream<ElasticSearchStream.Found> scanLive() {
        return searchHits(Query.all());
    }

    /** The query's hits with their sequence numbers (for conditional deletes). */
    private Stream<ElasticSearchStream.Found> searchHits(Query query) {
        return ElasticSearchStream.openHits(connection, searchSpec(query));
    }

    private ElasticSearchStream.Spec searchSpec(Query query) {
        List<String> includes = null;
        if (!query.projection().isEmpty()) {
            Set<String> fields = new LinkedHashSet<>(query.projection());
            fields.add(metadata.idProperty());
            fields.add(ElasticMapping.SIDECAR + "." + ElasticMapping.NEGATIVE_ZEROS); // to restore -0.0
            includes = new ArrayList<>(fields);
        }
        return new ElasticSearchStream.Spec(alias, translator.query(query, nowMillis()),
                translator.sort(query), includes, query.offset(), query.limit(), fetchSize, keepAlive, whatFind);
    }

    /**
     * Keyset pages, of entities and of projection types alike, through native {@code search_after}
     * ({@link ElasticKeysetPager}); offset pages as the base class does.
     */
    @Override
    protected Page<Map<String, Object>> doPage(Query prepared, PageRequest request, @Nullable Collection<String> projection) {
        if (request.isOffset()) {
            return super.doPage(prepared, request, projection);
        }
        requirePageableSort(prepared.sort());
        Query read = projection == null ? prepared : prepared.project(projection.toArray(String[]::new));
        return ElasticKeysetPager.page(connection, alias, read, request, translator.query(read, nowMillis()), translator.sort(read),
                metadata.idProperty(), Function.identity(), cursorKey());
    }

    @Override
    protected long doCount(Query query) {
        var q = translator.query(query, nowMillis());
        long n = connection.call("count in " + alias, () -> client.count(c -> c.index(alias).query(q)).count());
        n = Math.max(0, n - query.offset());
        return query.limit() > 0 ? Math.min(n, query.limit()) : n;
    }

    /**
     * The entities a query matches as of an open point in time, read page by page with
     * {@code search_after} on it: only documents of {@code indices} (those the alias named when the
     * point in time was opened), expiry judged at {@code nowMillis}. Unsorted queries are read in
     * {@code _shard_doc} order, the cheapest.
     */
    public Stream<T> streamInPointInTime(String pointInTimeId, List<String> indices, Query query, long nowMillis) {
        Query prepared = prepareEntityQuery(query);
        if (prepared.limit() > 0 || prepared.offset() > 0) {
            throw new InvalidQueryException("a point-in-time read takes no limit or offset");
        }
        var translated = translator.query(prepared, nowMillis);
        List<FieldValue> names = indices.stream()
                .map(FieldValue::of).toList();
        var restricted = co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.bool(b -> b.filter(translated)
                .filter(f -> f.terms(t -> t.field("_index").terms(v -> v.value(names))))));
        List<SortOptions> sort = prepared.sort().isEmpty()
                ? List.of(SortOptions.of(o -> o.field(f -> f.field("_shard_doc"))))
                : translator.sort(prepared);
        return ElasticSearchStream.openInPointInTime(connection, new ElasticSearchStream.Spec(alias, restricted, sort, null, 0, 0, fetchSize,
                keepAlive, whatFind), pointInTimeId).map(ElasticDocuments::fromSource).map(this::decode);
    }

    /** Decodes with the stored date texts of top-level {@code Instant}/{@code LocalDate} properties parsed by the store ({@link ElasticDocuments#withDates}). */
    @Override
    protected T decode(Map<String, Object> document) {
        return super.decode(documents.withDates(document));
    }

    // ------------------------------------------------------------------------- native access

    /** The native query of a Stratum query, validated and translated as the repository does. */
    public co.elastic.clients.elasticsearch._types.query_dsl.Query nativeQuery(Query query) {
        return translator.query(prepareQuery(query), nowMillis());
    }

    /** {@code ElasticsearchClient.class} or this repository. */
    @Override
    public <N> N unwrap(Class<N> type) {
        if (type == ElasticsearchClient.class) {
            return type.cast(client);
        }
        return super.unwrap(type);
    }

    ElasticMapping mapping() {
        return mapping;
    }

    int fetchSize() {
        return fetchSize;
    }

    ElasticBulkWriter bulkWriter() {
        return bulk;
    }

    String documentsCanonical(Object values) {
        return documents.canonical(values);
    }
}
