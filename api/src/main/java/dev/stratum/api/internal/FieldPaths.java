package dev.stratum.api.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.stratum.api.InvalidQueryException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates dotted property paths against an entity's Jackson view. Results are cached per path,
 * since the same few paths are checked on every query.
 */
public final class FieldPaths {
    private final String entityName;
    private final Map<String, JavaType> roots;
    private final ObjectMapper mapper;
    private final Map<String, JavaType> valid = new ConcurrentHashMap<>();

    public FieldPaths(String entityName, Map<String, JavaType> roots, ObjectMapper mapper) {
        this.entityName = entityName;
        this.roots = roots;
        this.mapper = mapper;
    }

    public JavaType validate(String path) {
        JavaType cached = valid.get(path);
        if (cached != null) {
            return cached;
        }
        JavaType type = resolve(path);
        if (valid.size() < 10_000) {
            valid.put(path, type);
        }
        return type;
    }

    private JavaType resolve(String path) {
        if (path.isEmpty()) {
            throw new InvalidQueryException("empty field name in query on " + entityName);
        }
        String[] segments = path.split("\\.", -1);
        for (String s : segments) {
            checkSegment(path, s);
        }
        JavaType current = roots.get(segments[0]);
        if (current == null) {
            throw new InvalidQueryException("unknown field '" + segments[0] + "' in '" + path + "' of " + entityName
                    + " (known: " + roots.keySet() + ")");
        }
        for (int i = 1; i < segments.length; i++) {
            current = child(current, path, segments[i]);
        }
        return current;
    }

    private JavaType child(JavaType parent, String path, String segment) {
        JavaType t = parent;
        while (t.isCollectionLikeType() || t.isArrayType()) {
            t = t.getContentType();
        }
        if (t.isMapLikeType()) {
            return t.getContentType();
        }
        Class<?> raw = t.getRawClass();
        if (raw == Object.class || com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(raw)) {
            return mapper.constructType(Object.class);
        }
        if (raw.isPrimitive() || raw.getName().startsWith("java.") || raw.isEnum()) {
            throw new InvalidQueryException("field '" + path + "' of " + entityName + ": " + raw.getSimpleName()
                    + " has no field '" + segment + "'");
        }
        BeanDescription bean = mapper.getSerializationConfig().introspect(t);
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (p.getName().equals(segment)) {
                return p.getPrimaryType();
            }
        }
        throw new InvalidQueryException("unknown field '" + segment + "' in '" + path + "' of " + entityName);
    }

    private void checkSegment(String path, String s) {
        if (s.isEmpty()) {
            throw new InvalidQueryException("field '" + path + "' of " + entityName + " has an empty segment");
        }
        if (s.charAt(0) == '$') {
            throw new InvalidQueryException("field '" + path + "' of " + entityName + " starts with '$' (operators are not field names)");
        }
        if (s.indexOf('\0') >= 0) {
            throw new InvalidQueryException("field '" + path.replace('\0', '?') + "' of " + entityName + " contains a NUL character");
        }
    }
}
