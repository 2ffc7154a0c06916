package dev.stratum.cache.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.MappingException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads an entity's id without encoding the whole entity, and converts ids to and from the strings
 * used in L2 keys and invalidation messages.
 *
 * @param <T> entity type
 */
public final class EntityIds<T> {
    private final AnnotatedMember accessor;
    private final Class<?> idType;
    private final Class<T> type;

    public EntityIds(EntityMetadata<T> metadata, EntityMapper mapper) {
        ObjectMapper om = mapper.objectMapper();
        BeanDescription bean = om.getSerializationConfig().introspect(om.constructType(metadata.type()));
        AnnotatedMember found = null;
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (p.getName().equals(metadata.idProperty())) {
                found = p.getAccessor() != null ? p.getAccessor() : p.getField();
            }
        }
        if (found == null) {
            throw new MappingException("cannot read the id property '" + metadata.idProperty() + "' of " + metadata.type().getName());
        }
        found.fixAccess(true);
        this.accessor = found;
        this.idType = metadata.idType();
        this.type = metadata.type();
    }

    /** The entity's id, or null when it has none yet (or is not an entity of this type at all). */
    public @Nullable Object idOf(@Nullable T entity) {
        return type.isInstance(entity) ? accessor.getValue(entity) : null;
    }

    /** The id as written into keys and messages. */
    public String format(Object id) {
        return id.toString();
    }

    /** An id {@link #format formatted} by any instance, back as the entity's id type. */
    public Object parse(String text) {
        if (idType == Long.class) {
            return Long.valueOf(text);
        }
        if (idType == UUID.class) {
            return UUID.fromString(text);
        }
        return text;
    }
}
