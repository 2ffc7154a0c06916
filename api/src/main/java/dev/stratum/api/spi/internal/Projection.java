package dev.stratum.api.spi.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.spi.DocumentMatcher;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A projection type (record or POJO) of an entity: its properties name the entity's fields to fetch;
 * a property whose type is itself a record/POJO matching a nested object of the entity projects that
 * object's properties (nested paths). The result is a different type from the entity, so it can
 * never be written back over the full entity.
 *
 * @param <P> the projection type
 */
public final class Projection<P> {
    private final Class<P> type;
    private final Set<String> paths;
    private final String idProperty;
    private final boolean keepsId;

    private Projection(Class<P> type, Set<String> paths, String idProperty) {
        this.type = type;
        this.paths = paths;
        this.idProperty = idProperty;
        this.keepsId = paths.contains(idProperty);
    }

    /** The projection of {@code type} on {@code meta}'s entity. @throws InvalidQueryException if a property names no field of it */
    public static <P> Projection<P> of(Class<P> type, EntityMetadata<?> meta, EntityMapper mapper) {
        if (type == null) {
            throw new InvalidQueryException("null projection type");
        }
        if (type == meta.type()) {
            throw new InvalidQueryException("the projection type of " + meta.type().getName() + " cannot be the entity itself: "
                    + "declare a record with the fields to fetch (a partial entity could be saved over the full one)");
        }
        Set<String> paths = new LinkedHashSet<>();
        collect(mapper.objectMapper(), mapper.objectMapper().constructType(type), "", meta, type, paths, 0);
        if (paths.isEmpty()) {
            throw new InvalidQueryException("projection type " + type.getName() + " has no properties");
        }
        return new Projection<>(type, Set.copyOf(paths), meta.idProperty());
    }

    private static void collect(ObjectMapper om, JavaType t, String prefix, EntityMetadata<?> meta, Class<?> root, Set<String> out, int depth) {
        BeanDescription d = om.getDeserializationConfig().introspect(t);
        for (BeanPropertyDefinition p : d.findProperties()) {
            String path = prefix + p.getName();
            JavaType entityType;
            try {
                entityType = meta.validatePath(path);
            } catch (InvalidQueryException e) {
                throw new InvalidQueryException("projection " + root.getSimpleName() + "." + p.getName() + " names no field of "
                        + meta.type().getSimpleName() + " ('" + path + "')", e);
            }
            JavaType pt = p.getPrimaryType();
            if (depth < 8 && isBean(pt) && isBean(entityType)) {
                collect(om, pt, path + ".", meta, root, out, depth + 1);
            } else {
                out.add(path);
            }
        }
    }

    private static boolean isBean(JavaType t) {
        Class<?> c = t.getRawClass();
        return !(t.isContainerType() || t.isPrimitive() || t.isEnumType() || c == Object.class || c == String.class
                || Number.class.isAssignableFrom(c) || c == Boolean.class || c == Instant.class || c == LocalDate.class
                || c == UUID.class || c == BigDecimal.class || c == byte[].class || Collection.class.isAssignableFrom(c)
                || Map.class.isAssignableFrom(c) || c.getName().startsWith("java."));
    }

    public Class<P> type() {
        return type;
    }

    /** The entity paths to fetch. */
    public Set<String> paths() {
        return paths;
    }

    /** The paths as an array, for {@code Query.project}. */
    public String[] pathArray() {
        return paths.toArray(String[]::new);
    }

    /** Maps a (full or projected) stored document to the projection type. */
    public P map(Map<String, Object> document, EntityMapper mapper) {
        Map<String, Object> projected = DocumentMatcher.project(document, paths, idProperty);
        if (!keepsId) {
            projected.remove(idProperty);
        }
        return mapper.fromDocument(projected, type);
    }

    /** Paths needed besides the projection (e.g. sort keys of a page), in a new set. */
    public List<String> with(Collection<String> extra) {
        List<String> all = new ArrayList<>(paths);
        for (String e : extra) {
            if (!all.contains(e)) {
                all.add(e);
            }
        }
        return all;
    }
}
