package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Field paths in the server format ({@code a.b}, segments that are not plain identifiers in backticks:
 * {@code `a.b`.`c``d`} with {@code \`} and {@code \\} escapes) and reading/writing them in a document's fields.
 */
final class FieldPaths {
    static final String NAME = "__name__";

    private FieldPaths() {
    }

    static List<String> parse(String path) {
        if (path.isEmpty()) {
            throw FirestoreError.invalid("Invalid field path: it is empty");
        }
        List<String> segments = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder seg = new StringBuilder();
            if (i < path.length() && path.charAt(i) == '`') {
                i++;
                boolean closed = false;
                while (i < path.length()) {
                    char c = path.charAt(i);
                    if (c == '\\' && i + 1 < path.length()) {
                        seg.append(path.charAt(i + 1));
                        i += 2;
                    } else if (c == '`') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        seg.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw FirestoreError.invalid("Invalid field path '" + path + "': unterminated backtick");
                }
            } else {
                while (i < path.length() && path.charAt(i) != '.') {
                    char c = path.charAt(i);
                    if (c == '`' || c == '\\') {
                        throw FirestoreError.invalid("Invalid field path '" + path + "': '" + c + "' must be inside a backtick-quoted segment");
                    }
                    seg.append(c);
                    i++;
                }
            }
            if (seg.length() == 0) {
                throw FirestoreError.invalid("Invalid field path '" + path + "': empty segment");
            }
            segments.add(seg.toString());
            if (i == path.length()) {
                return segments;
            }
            if (path.charAt(i) != '.') {
                throw FirestoreError.invalid("Invalid field path '" + path + "': expected '.' after a quoted segment");
            }
            i++;
            if (i == path.length()) {
                throw FirestoreError.invalid("Invalid field path '" + path + "': ends with '.'");
            }
        }
    }

    static @Nullable Value get(Map<String, Value> fields, List<String> path) {
        Value v = fields.get(path.get(0));
        for (int i = 1; i < path.size() && v != null; i++) {
            if (v.getValueTypeCase() != Value.ValueTypeCase.MAP_VALUE) {
                return null;
            }
            v = v.getMapValue().getFieldsMap().get(path.get(i));
        }
        return v;
    }

    /** Sets {@code value} at {@code path} in the mutable {@code fields}, creating or replacing maps on the way. */
    static void set(Map<String, Value> fields, List<String> path, Value value) {
        set(fields, path, 0, value);
    }

    private static void set(Map<String, Value> fields, List<String> path, int i, Value value) {
        String key = path.get(i);
        if (i == path.size() - 1) {
            fields.put(key, value);
            return;
        }
        Value child = fields.get(key);
        Map<String, Value> childFields = child != null && child.getValueTypeCase() == Value.ValueTypeCase.MAP_VALUE
                ? new HashMap<>(child.getMapValue().getFieldsMap())
                : new HashMap<>();
        set(childFields, path, i + 1, value);
        fields.put(key, mapValue(childFields));
    }

    /** Removes the field at {@code path} from the mutable {@code fields}; nothing if absent. */
    static void delete(Map<String, Value> fields, List<String> path) {
        delete(fields, path, 0);
    }

    private static void delete(Map<String, Value> fields, List<String> path, int i) {
        String key = path.get(i);
        if (i == path.size() - 1) {
            fields.remove(key);
            return;
        }
        Value child = fields.get(key);
        if (child == null || child.getValueTypeCase() != Value.ValueTypeCase.MAP_VALUE) {
            return;
        }
        Map<String, Value> childFields = new HashMap<>(child.getMapValue().getFieldsMap());
        delete(childFields, path, i + 1);
        fields.put(key, mapValue(childFields));
    }

    /** Only the given paths of {@code fields} (a mask or projection); {@code __name__} selects no field. */
    static Map<String, Value> project(Map<String, Value> fields, List<String> paths) {
        Map<String, Value> out = new HashMap<>();
        for (String p : paths) {
            if (p.equals(NAME)) {
                continue;
            }
            List<String> segs = parse(p);
            Value v = get(fields, segs);
            if (v != null) {
                set(out, segs, v);
            }
        }
        return out;
    }

    static Value mapValue(Map<String, Value> fields) {
        return Value.newBuilder().setMapValue(MapValue.newBuilder().putAllFields(fields)).build();
    }

    /** Rejects reserved field names ({@code __x__}) anywhere in {@code fields}, except a vector's {@code __type__}. */
    static void checkWritable(Map<String, Value> fields, String document) {
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            checkName(e.getKey(), document);
            checkValue(e.getValue(), document, 1);
        }
    }

    static void checkName(String name, String document) {
        if (name.length() >= 4 && name.startsWith("__") && name.endsWith("__")) {
            throw FirestoreError.invalid("Field name '" + name + "' in document '" + document + "' is reserved (names of the form __.*__ are)");
        }
    }

    private static void checkValue(Value v, String document, int depth) {
        if (depth > 20) {
            throw FirestoreError.invalid("Document '" + document + "' nests maps and arrays more than 20 levels deep");
        }
        if (v.getValueTypeCase() == Value.ValueTypeCase.MAP_VALUE) {
            boolean vector = ValueOrder.typeOrder(v) == ValueOrder.VECTOR;
            for (Map.Entry<String, Value> e : v.getMapValue().getFieldsMap().entrySet()) {
                if (!(vector && e.getKey().equals("__type__"))) {
                    checkName(e.getKey(), document);
                }
                checkValue(e.getValue(), document, depth + 1);
            }
        } else if (v.getValueTypeCase() == Value.ValueTypeCase.ARRAY_VALUE) {
            for (Value e : v.getArrayValue().getValuesList()) {
                if (e.getValueTypeCase() == Value.ValueTypeCase.ARRAY_VALUE) {
                    throw FirestoreError.invalid("Document '" + document + "' has an array directly inside an array, which Firestore does not allow");
                }
                checkValue(e, document, depth + 1);
            }
        }
    }

    /** {@code fields} with timestamps rounded down to microseconds, the precision Firestore stores. */
    @SuppressWarnings("ReferenceEquality") // identity on purpose: was the value copied?
    static Map<String, Value> toStoredPrecision(Map<String, Value> fields) {
        Map<String, Value> out = null;
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            Value v = toStoredPrecision(e.getValue());
            if (v != e.getValue()) {
                if (out == null) {
                    out = new HashMap<>(fields);
                }
                out.put(e.getKey(), v);
            }
        }
        return out == null ? fields : out;
    }

    @SuppressWarnings({"ReferenceEquality", "ProtoTimestampGetSecondsGetNano"}) // identity: was it copied? nanos alone: truncation
    static Value toStoredPrecision(Value v) {
        switch (v.getValueTypeCase()) {
            case TIMESTAMP_VALUE: {
                int nanos = v.getTimestampValue().getNanos();
                return nanos % 1_000 == 0 ? v
                        : Value.newBuilder().setTimestampValue(v.getTimestampValue().toBuilder().setNanos(nanos - nanos % 1_000)).build();
            }
            case MAP_VALUE: {
                Map<String, Value> m = toStoredPrecision(v.getMapValue().getFieldsMap());
                return m == v.getMapValue().getFieldsMap() ? v : mapValue(m);
            }
            case ARRAY_VALUE: {
                List<Value> values = v.getArrayValue().getValuesList();
                List<Value> out = null;
                for (int i = 0; i < values.size(); i++) {
                    Value x = toStoredPrecision(values.get(i));
                    if (x != values.get(i)) {
                        if (out == null) {
                            out = new ArrayList<>(values);
                        }
                        out.set(i, x);
                    }
                }
                return out == null ? v : Value.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(out)).build();
            }
            default:
                return v;
        }
    }
}
