package dev.stratum.testkit;

import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.spi.AbstractRepository;
import dev.stratum.api.spi.DocumentMatcher;
import dev.stratum.api.spi.DocumentPath;
import dev.stratum.api.spi.ValueOrder;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A minimal in-memory store that declares only the capabilities it is given, so the kit's refusal
 * paths and its index-only claim (the generic groups run on a store without
 * {@link Capability#UNINDEXED_FIELDS}) are exercised. Not a reference store: it exists to test the kit.
 */
final class LimitedStore {
    private final Capabilities capabilities;
    private final Map<String, Map<Object, Map<String, Object>>> collections = new ConcurrentHashMap<>();
    private final Map<Class<?>, Repository<?, ?>> repositories = new ConcurrentHashMap<>();

    /** Declares {@code supported} plus {@link Capability#READ_YOUR_WRITES}, which its in-memory maps always give. */
    LimitedStore(String name, Set<Capability> supported) {
        this(name, supported, true);
    }

    /** Declares {@code supported}, plus {@link Capability#READ_YOUR_WRITES} only if {@code readYourWrites} (to test the kit's skips). */
    LimitedStore(String name, Set<Capability> supported, boolean readYourWrites) {
        this.capabilities = new Capabilities(name, supported, 4L << 20).with(Capability.READ_YOUR_WRITES, readYourWrites);
    }

    @SuppressWarnings("unchecked")
    <T, ID> Repository<T, ID> repository(Class<T> type) {
        return (Repository<T, ID>) repositories.computeIfAbsent(type, t -> {
            EntityMetadata<?> meta = EntityMetadata.of(t);
            Map<Object, Map<String, Object>> docs = collections.computeIfAbsent(meta.collection(), c -> new LinkedHashMap<>());
            return new LimitedRepository<>(meta, capabilities, docs);
        });
    }

    private static final class LimitedRepository<T, ID> extends AbstractRepository<T, ID> {
        private final Map<Object, Map<String, Object>> docs;

        LimitedRepository(EntityMetadata<T> meta, Capabilities caps, Map<Object, Map<String, Object>> docs) {
            super(meta, EntityMapper.defaults(), caps, new StoreInfo(caps.store(), "test", meta.collection(), null, 0));
            this.docs = docs;
        }

        @Override
        protected WriteOutcome doWrite(WriteOp op) {
            synchronized (docs) {
                Map<String, Object> existing = docs.get(op.id());
                if (op.kind() == WriteOp.Kind.INSERT && existing != null) {
                    return WriteOutcome.DUPLICATE_KEY;
                }
                if (op.kind() == WriteOp.Kind.REPLACE) {
                    if (existing == null) {
                        return WriteOutcome.NOT_FOUND;
                    }
                    if (op.expectedVersion() != null && !Objects.equals(versionOf(existing), op.expectedVersion())) {
                        return WriteOutcome.VERSION_CONFLICT;
                    }
                }
                checkUnique(op);
                docs.put(op.id(), copy(op.document()));
                return WriteOutcome.WRITTEN;
            }
        }

        private void checkUnique(WriteOp op) {
            for (IndexDefinition index : metadata.indexes()) {
                if (!index.unique() || index.sparse() && index.fields().stream().allMatch(f -> value(op.document(), f.path()) == null)) {
                    continue; // a sparse index leaves out entities without a value (null or absent)
                }
                for (Map.Entry<Object, Map<String, Object>> e : docs.entrySet()) {
                    boolean same = !e.getKey().equals(op.id());
                    for (IndexDefinition.Field f : index.fields()) {
                        same &= ValueOrder.equal(value(e.getValue(), f.path()), value(op.document(), f.path()));
                    }
                    if (same) {
                        throw new DuplicateKeyException("unique index " + index.name() + " of " + metadata.collection());
                    }
                }
            }
        }

        private static @Nullable Object value(Map<String, Object> doc, String path) {
            Object v = DocumentPath.get(doc, path);
            return v == DocumentPath.ABSENT ? null : v;
        }

        @Override
        protected @Nullable Map<String, Object> doFindById(Object id) {
            synchronized (docs) {
                Map<String, Object> d = docs.get(id);
                return d == null ? null : copy(d);
            }
        }

        @Override
        protected Stream<Map<String, Object>> doFind(Query query) {
            List<Map<String, Object>> out = new ArrayList<>();
            boolean neDropsMissing = capabilities.supports(Capability.NE_DROPS_MISSING);
            boolean orderDropsMissing = capabilities.supports(Capability.ORDER_BY_DROPS_MISSING);
            synchronized (docs) {
                for (Map<String, Object> d : docs.values()) {
                    if (orderDropsMissing && query.sort().stream().anyMatch(k -> DocumentPath.get(d, k.field()) == DocumentPath.ABSENT)) {
                        continue; // Firestore-like: orderBy leaves out documents lacking the field
                    }
                    if (query.filter().map(f -> DocumentMatcher.matches(d, neDropsMissing ? requirePresence(f) : f)).orElse(true)
                            && query.text().map(t -> DocumentMatcher.matchesText(d, metadata.textFields(), t)).orElse(true)) {
                        out.add(copy(d));
                    }
                }
            }
            Stream<Map<String, Object>> s = out.stream();
            if (!query.sort().isEmpty()) {
                s = s.sorted(DocumentMatcher.comparator(query.sort()));
            }
            if (query.offset() > 0) {
                s = s.skip(query.offset());
            }
            if (query.limit() > 0) {
                s = s.limit(query.limit());
            }
            return s.map(d -> DocumentMatcher.project(d, query.projection(), metadata.idProperty()));
        }

        /** Firestore-like {@code !=}/{@code not-in}: they match only documents that have the field. */
        private static Filter requirePresence(Filter f) {
            if (f instanceof Filter.And x) {
                return Filter.and(x.filters().stream().map(LimitedRepository::requirePresence).toList());
            }
            if (f instanceof Filter.Or x) {
                return Filter.or(x.filters().stream().map(LimitedRepository::requirePresence).toList());
            }
            if (f instanceof Filter.Not x) {
                return Filter.not(requirePresence(x.filter()));
            }
            if (f instanceof Filter.Ne x) {
                return Filter.and(Filter.exists(x.field()), x);
            }
            if (f instanceof Filter.Nin x) {
                return Filter.and(Filter.exists(x.field()), x);
            }
            return f;
        }

        /**
         * A native keyset cursor (the SPI hook): the store compares sort values itself, so paging needs
         * neither OR nor EXISTS, which this store may not declare.
         */
        @Override
        protected Stream<Map<String, Object>> doFindAfter(Query query, List<Sort> keys, List<@Nullable Object> lastValues) {
            Stream<Map<String, Object>> s = doFind(query.limit(0)).filter(d -> after(d, keys, lastValues));
            return query.limit() > 0 ? s.limit(query.limit()) : s;
        }

        private static boolean after(Map<String, Object> d, List<Sort> keys, List<@Nullable Object> last) {
            for (int i = 0; i < keys.size(); i++) {
                int c = ValueOrder.compare(value(d, keys.get(i).field()), last.get(i));
                if (c != 0) {
                    return keys.get(i).ascending() ? c > 0 : c < 0;
                }
            }
            return false;
        }

        @Override
        protected WriteOutcome doDelete(Object id, @Nullable Long expectedVersion) {
            synchronized (docs) {
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
        }

        @Override
        protected long doDeleteAll(Query query) {
            synchronized (docs) {
                List<Object> ids;
                try (Stream<Map<String, Object>> s = doFind(query)) {
                    ids = s.map(d -> d.get(metadata.idProperty())).toList();
                }
                ids.forEach(docs::remove);
                return ids.size();
            }
        }

        @SuppressWarnings("unchecked")
        private static <V> V copy(V v) {
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put((String) k, copy(x)));
                return (V) out;
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>();
                l.forEach(x -> out.add(copy(x)));
                return (V) out;
            }
            return v instanceof byte[] b ? (V) b.clone() : v;
        }
    }
}
