package dev.stratum.api;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.stratum.api.internal.FieldPaths;
import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What Stratum knows about an entity type, read once from its annotations and Jackson's view of its
 * properties: collection name, id, version, audit fields, indexes, TTL and time-series settings.
 *
 * <pre>{@code
 * EntityMetadata<Task> meta = EntityMetadata.of(Task.class);
 * meta.collection();      // "tasks"
 * meta.idProperty();      // "id"
 * meta.isIndexed("status");
 * }</pre>
 *
 * <p>Property names are Jackson's (so {@code @JsonProperty} renames apply); nested paths use dots.
 *
 * @param <T> entity type
 */
public final class EntityMetadata<T> {
    private static final Map<Class<?>, EntityMetadata<?>> CACHE = new ConcurrentHashMap<>();

    private final Class<T> type;
    private final String collection;
    private final String idProperty;
    private final Class<?> idType;
    private final @Nullable String versionProperty;
    private final @Nullable String createdAtProperty;
    private final @Nullable String updatedAtProperty;
    private final Map<String, JavaType> properties;
    private final List<IndexDefinition> indexes;
    private final long ttlSeconds;
    private final @Nullable TimeSeries timeSeries;
    private final FieldPaths paths;

    private EntityMetadata(Class<T> type, EntityMapper mapper) {
        this.type = type;
        Entity entity = type.getAnnotation(Entity.class);
        this.collection = entity == null || entity.value().isEmpty() ? type.getSimpleName().toLowerCase(Locale.ROOT) : entity.value();
        this.ttlSeconds = entity == null ? 0 : entity.ttlSeconds();
        this.timeSeries = type.getAnnotation(TimeSeries.class);

        JavaType javaType = mapper.objectMapper().constructType(type);
        BeanDescription bean = mapper.objectMapper().getSerializationConfig().introspect(javaType);
        Map<String, JavaType> props = new LinkedHashMap<>();
        String id = null;
        Class<?> idClass = null;
        String version = null;
        String created = null;
        String updated = null;
        List<IndexDefinition> idx = new ArrayList<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            String name = p.getName();
            props.put(name, p.getPrimaryType());
            if (has(p, Id.class)) {
                if (id != null) {
                    throw new MappingException(type.getName() + " has two @Id properties: '" + id + "' and '" + name + "'");
                }
                id = name;
                idClass = p.getRawPrimaryType();
            }
            if (has(p, Version.class)) {
                Class<?> vt = p.getRawPrimaryType();
                if (!(vt == long.class || vt == Long.class || vt == int.class || vt == Integer.class)) {
                    throw new MappingException(type.getName() + "." + name + ": @Version must be long, Long, int or Integer, is " + vt.getSimpleName());
                }
                version = name;
            }
            if (has(p, CreatedAt.class)) {
                requireInstant(type, name, p);
                created = name;
            }
            if (has(p, UpdatedAt.class)) {
                requireInstant(type, name, p);
                updated = name;
            }
            Indexed ix = annotation(p, Indexed.class);
            if (ix != null) {
                idx.add(new IndexDefinition("", List.of(new IndexDefinition.Field(name, ix.order() == Indexed.Order.ASC)),
                        ix.unique(), ix.sparse(), ix.text(), ix.ttlSeconds()));
            }
        }
        if (id == null || idClass == null) {
            throw new MappingException(type.getName() + " has no @Id property (annotate the id field or record component with @dev.stratum.api.Id)");
        }
        if (!(idClass == String.class || idClass == UUID.class || idClass == Long.class || idClass == long.class)) {
            throw new MappingException(type.getName() + "." + id + ": @Id must be String, UUID, long or Long, is " + idClass.getSimpleName());
        }
        this.idProperty = id;
        this.idType = idClass == long.class ? Long.class : idClass;
        this.versionProperty = version;
        this.createdAtProperty = created;
        this.updatedAtProperty = updated;
        this.properties = Collections.unmodifiableMap(props);
        this.paths = new FieldPaths(type.getName(), props, mapper.objectMapper());
        for (CompoundIndex ci : type.getAnnotationsByType(CompoundIndex.class)) {
            List<IndexDefinition.Field> fields = new ArrayList<>();
            for (String f : ci.fields()) {
                boolean desc = f.startsWith("-");
                String path = desc ? f.substring(1) : f;
                declaredPath(path, "@CompoundIndex");
                fields.add(new IndexDefinition.Field(path, !desc));
            }
            idx.add(new IndexDefinition(ci.name(), fields, ci.unique(), ci.sparse(), false, 0));
        }
        this.indexes = List.copyOf(idx);
        if (timeSeries != null) {
            declaredPath(timeSeries.timeField(), "@TimeSeries(timeField)");
            if (!timeSeries.metaField().isEmpty()) {
                declaredPath(timeSeries.metaField(), "@TimeSeries(metaField)");
            }
        }
    }

    /** A path named by an annotation on the type: a bad one makes the type invalid (a MappingException, not a query error). */
    private void declaredPath(String path, String where) {
        try {
            paths.validate(path);
        } catch (InvalidQueryException e) {
            throw new MappingException(type.getName() + ": " + where + " names '" + path + "', which is not a property path of the entity: "
                    + e.getMessage(), e);
        }
    }

    /** The metadata of {@code type}, read once and cached. @throws MappingException if the type is not a valid entity */
    @SuppressWarnings("unchecked")
    public static <T> EntityMetadata<T> of(Class<T> type) {
        return (EntityMetadata<T>) CACHE.computeIfAbsent(type, t -> new EntityMetadata<>(t, EntityMapper.defaults()));
    }

    private static void requireInstant(Class<?> type, String name, BeanPropertyDefinition p) {
        if (p.getRawPrimaryType() != Instant.class) {
            throw new MappingException(type.getName() + "." + name + ": @CreatedAt/@UpdatedAt must be java.time.Instant");
        }
    }

    private static boolean has(BeanPropertyDefinition p, Class<? extends Annotation> a) {
        return annotation(p, a) != null;
    }

    private static <A extends Annotation> @Nullable A annotation(BeanPropertyDefinition p, Class<A> a) {
        for (AnnotatedMember m : new AnnotatedMember[] {p.getField(), p.getGetter(), p.getSetter(), p.getConstructorParameter()}) {
            if (m != null) {
                A found = m.getAnnotation(a);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    public Class<T> type() {
        return type;
    }

    /** The collection (index, key prefix) name. */
    public String collection() {
        return collection;
    }

    /** The id property's name. */
    public String idProperty() {
        return idProperty;
    }

    /** {@code String.class}, {@code UUID.class} or {@code Long.class}. */
    public Class<?> idType() {
        return idType;
    }

    /** Whether a null id is assigned on insert (String and UUID ids). */
    public boolean idAssignable() {
        return idType != Long.class;
    }

    public Optional<String> versionProperty() {
        return Optional.ofNullable(versionProperty);
    }

    public boolean isVersioned() {
        return versionProperty != null;
    }

    public Optional<String> createdAtProperty() {
        return Optional.ofNullable(createdAtProperty);
    }

    public Optional<String> updatedAtProperty() {
        return Optional.ofNullable(updatedAtProperty);
    }

    /** Top-level properties and their Jackson types, in declaration order. */
    public Map<String, JavaType> properties() {
        return properties;
    }

    /** Declared indexes (single-field first, then compound). */
    public List<IndexDefinition> indexes() {
        return indexes;
    }

    /** Entity-level TTL in seconds; 0 for none. */
    public long ttlSeconds() {
        return ttlSeconds;
    }

    public Optional<TimeSeries> timeSeries() {
        return Optional.ofNullable(timeSeries);
    }

    /**
     * Whether a single-field index (or the first field of a compound one) covers {@code path}; the id
     * is always indexed.
     */
    public boolean isIndexed(String path) {
        if (path.equals(idProperty)) {
            return true;
        }
        for (IndexDefinition i : indexes) {
            if (!i.text() && i.fields().get(0).path().equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a unique index is declared on exactly this single field. */
    public boolean isUnique(String path) {
        return indexes.stream().anyMatch(i -> i.unique() && i.isSingleField() && i.fields().get(0).path().equals(path));
    }

    /** The fields of full-text indexes. */
    public Set<String> textFields() {
        Set<String> out = new LinkedHashSet<>();
        indexes.stream().filter(IndexDefinition::text).forEach(i -> i.fields().forEach(f -> out.add(f.path())));
        return out;
    }

    /**
     * Checks a field path against the entity: the first segment must be a property, nested segments
     * must exist in nested records/POJOs (anything goes below a {@code Map}), and no segment may be
     * empty, start with {@code $} or hold a NUL.
     *
     * @return the Jackson type of the path's value ({@code Object} below maps)
     * @throws InvalidQueryException naming the entity and the bad path
     */
    public JavaType validatePath(String path) {
        return paths.validate(path);
    }

    @Override
    public String toString() {
        return "EntityMetadata[" + type.getName() + " -> " + collection + ", id=" + idProperty + "]";
    }
}
