package dev.stratum.store.firestore.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where an entity holds {@link BigDecimal}s (found once from its Jackson types), so that the
 * {@link SortableDecimal} strings read from Firestore are turned back into decimals there and
 * nowhere else: a String property that happens to look like an encoded decimal stays a String.
 */
public final class DecimalPaths {
    private static final int MAX_DEPTH = 12;

    private final @Nullable Node root;

    private DecimalPaths(@Nullable Node root) {
        this.root = root;
    }

    /** The decimal paths of an entity whose top-level properties have these types. */
    public static DecimalPaths of(Map<String, JavaType> properties, ObjectMapper mapper) {
        Node root = new Node();
        for (Map.Entry<String, JavaType> e : properties.entrySet()) {
            Node child = node(e.getValue(), mapper, 0);
            if (child != null) {
                root.children.put(e.getKey(), child);
            }
        }
        return new DecimalPaths(root.children.isEmpty() ? null : root);
    }

    /** Whether the entity has any decimal. */
    public boolean any() {
        return root != null;
    }

    /** Decodes the decimals of a stored document in place (the map must be mutable). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> decode(Map<String, Object> doc) {
        if (root == null) {
            return doc;
        }
        return (Map<String, Object>) Objects.requireNonNull(decode(doc, root), "a decoded map");
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object decode(@Nullable Object v, Node n) {
        if (v == null) {
            return null;
        }
        if (n.decimal && v instanceof String s) {
            try {
                return SortableDecimal.decode(s);
            } catch (NumberFormatException e) {
                return s; // not a decimal after all: the mapper reports it against the property
            }
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(decode(o, n));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = (Map<String, Object>) map;
            for (Map.Entry<String, Object> e : m.entrySet()) {
                Node child = n.children.get(e.getKey());
                if (child == null) {
                    child = n.any;
                }
                if (child != null) {
                    e.setValue(decode(e.getValue(), child));
                }
            }
            return m;
        }
        return v;
    }

    private static @Nullable Node node(JavaType t, ObjectMapper mapper, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        Class<?> raw = t.getRawClass();
        if (raw == BigDecimal.class) {
            Node n = new Node();
            n.decimal = true;
            return n;
        }
        if (raw == byte[].class) {
            return null;
        }
        if (t.isCollectionLikeType() || t.isArrayType()) {
            return node(t.getContentType(), mapper, depth + 1);
        }
        if (t.isMapLikeType()) {
            Node inner = node(t.getContentType(), mapper, depth + 1);
            if (inner == null) {
                return null;
            }
            Node n = new Node();
            n.any = inner;
            return n;
        }
        if (raw.isPrimitive() || raw.isEnum() || raw == Object.class || raw.getName().startsWith("java.")
                || com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(raw)) {
            return null;
        }
        BeanDescription bean = mapper.getSerializationConfig().introspect(t);
        Node n = new Node();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            Node child = node(p.getPrimaryType(), mapper, depth + 1);
            if (child != null) {
                n.children.put(p.getName(), child);
            }
        }
        return n.children.isEmpty() ? null : n;
    }

    private static final class Node {
        boolean decimal;
        final Map<String, Node> children = new HashMap<>();
        @Nullable Node any;
    }

    /** For tests: a copy of a document with decimals decoded. */
    static Map<String, Object> copyDecoded(DecimalPaths paths, Map<String, Object> doc) {
        return paths.decode(new LinkedHashMap<>(doc));
    }
}
