package dev.stratum.cache.support;

import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Query;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.spi.AbstractRepository;
import dev.stratum.api.spi.DocumentMatcher;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A tiny map-backed repository for the decorator tests (a test double, not a store: api tests cannot
 * use the testkit's in-memory store, which depends on api). Synchronized; documents are copied.
 */
public final class MapRepository<T, ID> extends AbstractRepository<T, ID> {
    public static final StoreInfo INFO = new StoreInfo("memory", "testdb", "todos", "db.example", 27017);

    private final Map<Object, Map<String, Object>> docs = new LinkedHashMap<>();

    public MapRepository(Class<T> type) {
        this(type, INFO);
    }

    public MapRepository(Class<T> type, StoreInfo info) {
        super(EntityMetadata.of(type), EntityMapper.defaults(), new Capabilities("memory", EnumSet.complementOf(EnumSet.of(Capability.ORDER_BY_DROPS_MISSING, Capability.NE_DROPS_MISSING,
                Capability.UNTYPED_FIELD_QUERIES_REFUSED)), 1 << 20),
                new StoreInfo(info.system(), info.namespace(), EntityMetadata.of(type).collection(), info.serverAddress(), info.serverPort()));
    }

    public static MapRepository<Todo, String> todos() {
        return new MapRepository<>(Todo.class);
    }

    @Override
    protected synchronized WriteOutcome doWrite(WriteOp op) {
        Map<String, Object> existing = docs.get(op.id());
        switch (op.kind()) {
            case INSERT:
                if (existing != null) {
                    return WriteOutcome.DUPLICATE_KEY;
                }
                break;
            case REPLACE:
                if (existing == null) {
                    return WriteOutcome.NOT_FOUND;
                }
                if (op.expectedVersion() != null && !Objects.equals(versionOf(existing), op.expectedVersion())) {
                    return WriteOutcome.VERSION_CONFLICT;
                }
                break;
            default:
                break;
        }
        docs.put(op.id(), new LinkedHashMap<>(op.document()));
        return WriteOutcome.WRITTEN;
    }

    @Override
    protected synchronized @Nullable Map<String, Object> doFindById(Object id) {
        Map<String, Object> d = docs.get(id);
        return d == null ? null : new LinkedHashMap<>(d);
    }

    @Override
    protected synchronized Stream<Map<String, Object>> doFind(Query query) {
        Stream<Map<String, Object>> s = docs.values().stream();
        if (query.filter().isPresent()) {
            s = s.filter(d -> DocumentMatcher.matches(d, query.filter().get()));
        }
        if (!query.sort().isEmpty()) {
            s = s.sorted(DocumentMatcher.comparator(query.sort()));
        }
        if (query.offset() > 0) {
            s = s.skip(query.offset());
        }
        if (query.limit() > 0) {
            s = s.limit(query.limit());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        s.forEach(d -> out.add(DocumentMatcher.project(new LinkedHashMap<>(d), query.projection(), metadata.idProperty())));
        return out.stream();
    }

    @Override
    protected synchronized WriteOutcome doDelete(Object id, @Nullable Long expectedVersion) {
        Map<String, Object> existing = docs.get(id);
        if (existing == null) {
            return WriteOutcome.NOT_FOUND;
        }
        if (expectedVersion != null && !Objects.equals(versionOf(existing), expectedVersion)) {
            return WriteOutcome.VERSION_CONFLICT;
        }
        docs.remove(id);
        return WriteOutcome.WRITTEN;
    }

    @Override
    protected synchronized long doDeleteAll(Query query) {
        List<Object> ids = new ArrayList<>();
        doFind(query).forEach(d -> ids.add(d.get(metadata.idProperty())));
        ids.forEach(docs::remove);
        return ids.size();
    }

    /** Writes a document straight into the map, bypassing every decorator (another application's write). */
    public synchronized void putBehindTheCache(T entity) {
        Map<String, Object> d = mapper.toDocument(entity);
        docs.put(d.get(metadata.idProperty()), d);
    }

    public synchronized int size() {
        return docs.size();
    }
}
