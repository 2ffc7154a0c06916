package dev.stratum.testkit.memory;

import dev.stratum.api.Capabilities;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.CursorKey;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Update;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.Query;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.spi.AbstractRepository;
import dev.stratum.api.spi.DocumentMatcher;
import dev.stratum.api.spi.DocumentPath;
import dev.stratum.api.spi.UpdateApplier;
import dev.stratum.api.spi.UpdateOutcome;
import dev.stratum.api.spi.ValueOrder;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One collection of the {@link InMemoryStore}. Writes take the collection's lock, so unique indexes
 * and version checks are atomic with the write; reads work on deep copies taken under the lock.
 */
final class InMemoryRepository<T, ID> extends AbstractRepository<T, ID> {
    // shared by every repository of the same collection name (two entity classes may map one
    // collection, as on the real stores); its monitor guards both maps
    private final Object lock;
    private final Map<Object, Map<String, Object>> documents;
    private final Map<Object, Instant> expiries;
    private final Collection collection;
    private final Clock clock;

    InMemoryRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo info, Clock clock,
            CursorKey cursorKey, Collection collection) {
        super(metadata, mapper, capabilities, info, clock, cursorKey);
        this.clock = clock;
        this.lock = collection;
        this.documents = collection.documents;
        this.expiries = collection.expiries;
        this.collection = collection;
    }

    /** The data of one collection. */
    static final class Collection {
        final Map<Object, Map<String, Object>> documents = new LinkedHashMap<>();
        final Map<Object, Instant> expiries = new LinkedHashMap<>();
        // no expiry is earlier than this: a write or read before it skips the scan (bulk loads stay linear)
        @Nullable Instant earliestExpiry;
        // indexes created by IndexOperations (migration steps), on top of the entity's declared ones
        final List<IndexDefinition> created = new ArrayList<>();

        void expiresAt(Object id, Instant at) {
            expiries.put(id, at);
            if (earliestExpiry == null || at.isBefore(earliestExpiry)) {
                earliestExpiry = at;
            }
        }
    }

    @Override
    protected WriteOutcome doWrite(WriteOp op) {
        synchronized (lock) {
            expire();
            Object id = key(op.id());
            Map<String, Object> existing = documents.get(id);
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
            checkUnique(id, op.document());
            Map<String, Object> copy = InMemoryCopies.deepCopy(op.document());
            documents.remove(id);
            documents.put(id, copy);
            Instant expiry = expiryOf(copy);
            if (expiry != null) {
                collection.expiresAt(id, expiry);
            } else {
                expiries.remove(id);
            }
            return WriteOutcome.WRITTEN;
        }
    }

    /** Declared and created indexes; under the lock. */
    private List<IndexDefinition> allIndexes() {
        if (collection.created.isEmpty()) {
            return metadata.indexes();
        }
        List<IndexDefinition> all = new ArrayList<>(metadata.indexes());
        all.addAll(collection.created);
        return all;
    }

    /** See {@link dev.stratum.api.spi.IndexOperations#createIndex}. */
    boolean createIndex(IndexDefinition index) {
        synchronized (lock) {
            expire();
            for (IndexDefinition existing : allIndexes()) {
                if (existing.name().equals(index.name())) {
                    if (existing.sameShape(index)) {
                        return false;
                    }
                    throw new IllegalStateException(metadata.collection() + " has an index '" + index.name() + "' of another shape: "
                            + existing + " (wanted " + index + "); drop it first");
                }
            }
            if (index.unique()) {
                // the existing entities must satisfy it before it exists: nothing changes otherwise
                for (Map.Entry<Object, Map<String, Object>> e : documents.entrySet()) {
                    checkUnique(e.getKey(), e.getValue(), List.of(index));
                }
            }
            collection.created.add(index);
            if (index.ttlSeconds() > 0) {
                documents.forEach((id, doc) -> {
                    Instant expiry = expiryOf(doc);
                    if (expiry != null) {
                        collection.expiresAt(id, expiry);
                    }
                });
            }
            return true;
        }
    }

    /** See {@link dev.stratum.api.spi.IndexOperations#dropIndex}; only created indexes can be dropped. */
    boolean dropIndex(String name) {
        synchronized (lock) {
            if (metadata.indexes().stream().anyMatch(i -> i.name().equals(name))) {
                throw new IllegalStateException("index '" + name + "' of " + metadata.collection() + " is declared on "
                        + metadata.type().getSimpleName() + " (@Indexed/@CompoundIndex): remove the annotation instead");
            }
            boolean dropped = collection.created.removeIf(i -> i.name().equals(name));
            if (dropped) {
                expiries.clear();
                collection.earliestExpiry = null;
                documents.forEach((id, doc) -> {
                    Instant expiry = expiryOf(doc);
                    if (expiry != null) {
                        collection.expiresAt(id, expiry);
                    }
                });
            }
            return dropped;
        }
    }

    /** The declared and created indexes. */
    @Override
    protected List<IndexDefinition> indexes() {
        synchronized (lock) {
            return List.copyOf(allIndexes());
        }
    }

    private void checkUnique(Object id, Map<String, Object> doc) {
        checkUnique(id, doc, allIndexes());
    }

    private void checkUnique(Object id, Map<String, Object> doc, List<IndexDefinition> indexes) {
        for (IndexDefinition index : indexes) {
            if (!index.unique()) {
                continue;
            }
            List<Object> values = new ArrayList<>();
            boolean allAbsent = true;
            for (IndexDefinition.Field f : index.fields()) {
                Object v = DocumentPath.get(doc, f.path());
                allAbsent &= v == null || v == DocumentPath.ABSENT;
                values.add(v == DocumentPath.ABSENT ? null : v);
            }
            if (index.sparse() && allAbsent) {
                continue;
            }
            for (Map.Entry<Object, Map<String, Object>> e : documents.entrySet()) {
                if (e.getKey().equals(id)) {
                    continue;
                }
                boolean same = true;
                for (int i = 0; i < index.fields().size() && same; i++) {
                    Object other = DocumentPath.get(e.getValue(), index.fields().get(i).path());
                    same = ValueOrder.equal(other == DocumentPath.ABSENT ? null : other, values.get(i));
                }
                if (same) {
                    throw new DuplicateKeyException(metadata.type().getSimpleName() + " '" + id + "' violates unique index '"
                            + index.name() + "': another entity ('" + e.getKey() + "') has the same value; nothing was written");
                }
            }
        }
    }

    private @Nullable Instant expiryOf(Map<String, Object> doc) {
        Instant expiry = null;
        if (metadata.ttlSeconds() > 0) {
            expiry = clock.instant().plusSeconds(metadata.ttlSeconds());
        }
        for (IndexDefinition index : allIndexes()) {
            if (index.ttlSeconds() > 0 && DocumentPath.get(doc, index.fields().get(0).path()) instanceof Instant at) {
                Instant e = at.plusSeconds(index.ttlSeconds());
                expiry = expiry == null || e.isBefore(expiry) ? e : expiry;
            }
        }
        return expiry;
    }

    /** Drops expired entities; called under the lock by every operation. */
    private void expire() {
        if (expiries.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant earliest = collection.earliestExpiry;
        if (earliest != null && now.isBefore(earliest)) {
            return;
        }
        Instant[] next = {null};
        expiries.entrySet().removeIf(e -> {
            if (!e.getValue().isAfter(now)) {
                documents.remove(e.getKey());
                return true;
            }
            if (next[0] == null || e.getValue().isBefore(next[0])) {
                next[0] = e.getValue();
            }
            return false;
        });
        collection.earliestExpiry = next[0];
    }

    @Override
    protected @Nullable Map<String, Object> doFindById(Object id) {
        synchronized (lock) {
            expire();
            Map<String, Object> d = documents.get(key(id));
            return d == null ? null : InMemoryCopies.deepCopy(d);
        }
    }

    @Override
    protected Stream<Map<String, Object>> doFind(Query query) {
        return snapshot(query).stream();
    }

    private List<Map<String, Object>> snapshot(Query query) {
        synchronized (lock) {
            return matching(query).map(d -> DocumentMatcher.project(InMemoryCopies.deepCopy(d), query.projection(), metadata.idProperty()))
                    .toList();
        }
    }

    /** The stored documents matching, sorted, offset and limited (not copied: use under the lock). */
    private Stream<Map<String, Object>> matching(Query query) {
        {
            expire();
            Stream<Map<String, Object>> s = documents.values().stream();
            if (query.filter().isPresent()) {
                s = s.filter(d -> DocumentMatcher.matches(d, query.filter().get()));
            }
            if (query.text().isPresent()) {
                s = s.filter(d -> DocumentMatcher.matchesText(d, metadata.textFields(), query.text().get()));
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
            return s;
        }
    }

    @Override
    protected long doCount(Query query) {
        synchronized (lock) {
            return matching(query).count(); // no copies: only counted
        }
    }

    @Override
    protected boolean doExists(Query query) {
        synchronized (lock) {
            return matching(query.limit(1)).findAny().isPresent();
        }
    }

    /**
     * The reference partial update: under the collection's lock, so the check, the change, the unique
     * indexes and the write are one atomic step.
     */
    @Override
    protected UpdateOutcome doUpdate(Object id, Update update, @Nullable Long expectedVersion, @Nullable Filter condition) {
        synchronized (lock) {
            expire();
            Object k = key(id);
            Map<String, Object> existing = documents.get(k);
            if (existing == null || (condition != null && !DocumentMatcher.matches(existing, condition))) {
                return UpdateOutcome.of(WriteOutcome.NOT_FOUND);
            }
            if (expectedVersion != null && !Objects.equals(versionOf(existing), expectedVersion)) {
                return UpdateOutcome.of(WriteOutcome.VERSION_CONFLICT);
            }
            Map<String, Object> next = UpdateApplier.apply(existing, update);
            checkDocument(next, id);
            checkUnique(k, next);
            documents.put(k, next);
            Instant expiry = expiryOf(next);
            if (expiry != null) {
                collection.expiresAt(k, expiry);
            } else {
                expiries.remove(k);
            }
            return UpdateOutcome.written(InMemoryCopies.deepCopy(next));
        }
    }

    /** Atomic as a whole here (one lock), which no real store promises: the contract only asks it per entity. */
    @Override
    protected long doUpdateAll(Query query, Update update) {
        synchronized (lock) {
            long n = 0;
            for (Map<String, Object> d : snapshot(query.project(metadata.idProperty()))) {
                n += doUpdate(Objects.requireNonNull(d.get(metadata.idProperty()), "projected id"), update, null, query.filter().orElse(null)).outcome() == WriteOutcome.WRITTEN ? 1 : 0;
            }
            return n;
        }
    }

    @Override
    protected WriteOutcome doDelete(Object id, @Nullable Long expectedVersion) {
        synchronized (lock) {
            expire();
            Object k = key(id);
            Map<String, Object> existing = documents.get(k);
            if (existing == null) {
                return WriteOutcome.NOT_FOUND;
            }
            if (expectedVersion != null && !Objects.equals(versionOf(existing), expectedVersion)) {
                return WriteOutcome.VERSION_CONFLICT;
            }
            documents.remove(k);
            expiries.remove(k);
            return WriteOutcome.WRITTEN;
        }
    }

    @Override
    protected long doDeleteAll(Query query) {
        synchronized (lock) {
            expire();
            List<Object> ids = new ArrayList<>();
            for (Map<String, Object> d : snapshot(query.project(metadata.idProperty()))) {
                ids.add(key(d.get(metadata.idProperty())));
            }
            ids.forEach(id -> {
                documents.remove(id);
                expiries.remove(id);
            });
            return ids.size();
        }
    }

    /** Ids of numeric type are normalised to Long so 7 and 7L are one key. */
    private static Object key(@Nullable Object id) {
        if (id instanceof Integer i) {
            return i.longValue();
        }
        return Objects.requireNonNull(id);
    }
}
