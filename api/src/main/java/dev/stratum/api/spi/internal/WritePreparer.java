package dev.stratum.api.spi.internal;

import dev.stratum.api.internal.DocumentChecks;
import dev.stratum.api.Capabilities;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.EntityNotFoundException;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns entities into validated {@link WriteOp}s — id assignment, the {@code @Version} rules,
 * {@code @CreatedAt}/{@code @UpdatedAt}, size and key checks — and store outcomes into the right
 * exceptions. The write half of {@code AbstractRepository}.
 */
public final class WritePreparer {
    private final EntityMetadata<?> metadata;
    private final EntityMapper mapper;
    private final Capabilities capabilities;
    private final String collection;
    private final Supplier<Instant> now;
    private final Supplier<Object> newId;
    private final String entityName;

    public WritePreparer(EntityMetadata<?> metadata, EntityMapper mapper, Capabilities capabilities, String collection, Supplier<Instant> now,
            Supplier<Object> newId) {
        this.metadata = metadata;
        this.mapper = mapper;
        this.capabilities = capabilities;
        this.collection = collection;
        this.now = now;
        this.newId = newId;
        this.entityName = metadata.type().getSimpleName();
    }

    /** Why an entity is written. */
    public enum Origin { INSERT, SAVE, UPDATE }

    /**
     * An entity turned into a validated write, plus what to return if it succeeds.
     *
     * @param entity the caller's entity
     * @param origin the public method
     * @param op the write
     * @param changed whether the stored document differs from the entity (then it is decoded)
     * @param expected the version the write expects, or null
     */
    public record Prepared(Object entity, Origin origin, WriteOp op, boolean changed, @Nullable Long expected) {}

    /** A checked id: non-null, and a non-empty String without NUL if it is a String. */
    public Object requireId(@Nullable Object id) {
        if (id == null) {
            throw new InvalidEntityException("null id for " + entityName);
        }
        if (id instanceof String s && (s.isEmpty() || s.indexOf('\0') >= 0)) {
            throw new InvalidEntityException("invalid id for " + entityName + ": ids must be non-empty and hold no NUL");
        }
        return id;
    }

    public Prepared prepare(@Nullable Object entity, Origin origin, int index) {
        if (entity == null) {
            throw new InvalidEntityException("null " + entityName);
        }
        if (!metadata.type().isInstance(entity)) {
            throw new InvalidEntityException("expected " + metadata.type().getName() + ", got " + entity.getClass().getName());
        }
        Map<String, Object> doc = mapper.toDocument(entity);
        String idProp = metadata.idProperty();
        Object id = doc.get(idProp);
        boolean changed = false;
        if (id == null) {
            if (origin == Origin.UPDATE) {
                throw new InvalidEntityException("cannot update " + entityName + " without an id");
            }
            if (!metadata.idAssignable()) {
                throw new InvalidEntityException(entityName + " has a " + metadata.idType().getSimpleName()
                        + " id, which the application must set; it is null");
            }
            id = newId.get();
            doc.put(idProp, id);
            changed = true;
        } else {
            id = requireId(id);
        }
        Long expected = null;
        WriteOp.Kind kind;
        if (metadata.isVersioned()) {
            Long current = versionOf(doc);
            long v = current == null ? 0 : current;
            boolean isNew = v == 0;
            if (origin == Origin.INSERT || (origin == Origin.SAVE && isNew)) {
                kind = WriteOp.Kind.INSERT;
                setVersion(doc, 1);
            } else {
                // update() of a version-0 entity expects 0, which no stored entity has: it fails as
                // stale (or not found) instead of overwriting whatever version is stored
                expected = v;
                kind = WriteOp.Kind.REPLACE;
                setVersion(doc, v + 1);
            }
            changed = true;
        } else {
            kind = origin == Origin.INSERT ? WriteOp.Kind.INSERT : origin == Origin.UPDATE ? WriteOp.Kind.REPLACE : WriteOp.Kind.UPSERT;
        }
        Instant stamp = null;
        if (metadata.createdAtProperty().isPresent() && doc.get(metadata.createdAtProperty().get()) == null) {
            stamp = now.get();
            doc.put(metadata.createdAtProperty().get(), stamp);
            changed = true;
        }
        if (metadata.updatedAtProperty().isPresent()) {
            doc.put(metadata.updatedAtProperty().get(), stamp == null ? now.get() : stamp);
            changed = true;
        }
        DocumentChecks.check(doc, entityName, id, capabilities.store(), capabilities.maxDocumentBytes());
        return new Prepared(entity, origin, new WriteOp(kind, id, doc, expected, index), changed, expected);
    }

    /** The version held in a neutral document, or null. */
    public @Nullable Long versionOf(Map<String, Object> document) {
        Object v = metadata.versionProperty().map(document::get).orElse(null);
        return v == null ? null : ((Number) v).longValue();
    }

    private void setVersion(Map<String, Object> doc, long v) {
        String prop = metadata.versionProperty().orElseThrow();
        Object old = doc.get(prop);
        doc.put(prop, old instanceof Integer ? (Object) Math.toIntExact(v) : (Object) v);
    }

    /** The exception of a failed write, or null if it succeeded. */
    public @Nullable DataAccessException failure(Prepared p, @Nullable WriteOutcome outcome) {
        Object id = p.op().id();
        if (outcome == null || outcome == WriteOutcome.WRITTEN) {
            return null;
        }
        switch (outcome) {
            case DUPLICATE_KEY:
                if (p.origin() == Origin.SAVE && metadata.isVersioned()) {
                    return new OptimisticLockException(entityName + " '" + id + "' already exists; save() of a new (version 0) entity"
                            + " cannot overwrite it: load it and update that version");
                }
                return new DuplicateKeyException(entityName + " '" + id + "' already exists in " + collection);
            case NOT_FOUND:
                if (p.origin() == Origin.UPDATE) {
                    return new EntityNotFoundException(entityName + " '" + id + "' does not exist in " + collection);
                }
                return new OptimisticLockException(entityName + " '" + id + "' at version " + p.expected()
                        + " no longer exists (deleted by another writer)");
            case VERSION_CONFLICT:
                return new OptimisticLockException(entityName + " '" + id + "' was changed by another writer: expected version "
                        + p.expected() + " is stale");
            default:
                throw new IllegalStateException(String.valueOf(outcome));
        }
    }
}
