package dev.stratum.store.elastic.internal;

import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.QueryNotSupportedException;
import java.util.List;

/**
 * What {@code createIndex}/{@code dropIndex} mean on Elasticsearch. Every property of an entity is
 * mapped when its repository opens (keyword/numeric/date fields are searchable and sortable through
 * doc values), so a plain index — single-field or compound, ascending or descending — has nothing left
 * to build: {@code createIndex} checks the fields against the entity and creates nothing, and
 * {@code dropIndex} drops nothing (a mapping cannot be removed from an Elasticsearch index). Refused
 * before any I/O: a <b>unique</b> index (Elasticsearch has no unique constraint; Stratum enforces
 * {@code @Indexed(unique = true)} with reservation documents written with each entity, which an index
 * added later would need backfilled for the existing entities — declare it on the entity instead), a
 * <b>TTL</b> index (entity expiry comes from {@code @Indexed(ttlSeconds)}/{@code @Entity(ttlSeconds)}
 * and the store's sweeper) and a text index (a {@code text} mapping cannot be added to a mapped
 * keyword field).
 */
public final class ElasticIndexOperations {
    private static final String STORE = "elasticsearch";

    private ElasticIndexOperations() {}

    /** Refuses, without I/O, what cannot be created. */
    public static void checkCreatable(Class<?> entityType, IndexDefinition index) {
        String what = "createIndex of index '" + index.name() + "' on " + entityType.getSimpleName();
        if (index.unique()) {
            throw new QueryNotSupportedException(STORE, what, "Elasticsearch has no unique constraint; Stratum's unique reservations are"
                    + " kept only for indexes declared with @Indexed(unique = true)/@CompoundIndex(unique = true) on the entity");
        }
        if (index.ttlSeconds() > 0) {
            throw new QueryNotSupportedException(STORE, what, "expiry is declared with @Indexed(ttlSeconds) or @Entity(ttlSeconds)");
        }
        if (index.text()) {
            throw new QueryNotSupportedException(STORE, what, "declare @Indexed(text = true)");
        }
        EntityMetadata<?> meta = EntityMetadata.of(entityType);
        index.fields().forEach(f -> meta.validatePath(f.path()));
    }

    /** Nothing to build: the fields are mapped (see the class comment); false, as for an existing index. */
    public static boolean create(Class<?> entityType, IndexDefinition index) {
        checkCreatable(entityType, index);
        return false;
    }

    /** The indexes the store maintains for the entity: those it declares. */
    public static List<IndexDefinition> list(Class<?> entityType) {
        return EntityMetadata.of(entityType).indexes();
    }
}
