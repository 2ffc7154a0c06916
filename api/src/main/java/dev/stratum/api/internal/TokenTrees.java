package dev.stratum.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Moves neutral document trees in and out of Jackson token streams directly, which is what makes the
 * {@code EntityMapper} cheap: Jackson's own bean (de)serializers do the entity side, these loops do
 * the tree side without any per-value serializer lookup.
 */
public final class TokenTrees {
    private TokenTrees() {}

    /** Reads the value starting at {@code t} into neutral form. */
    public static @Nullable Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken n;
                while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(p, n));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT: {
                Number n = p.getNumberValue();
                if (n instanceof BigInteger b) {
                    return b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
                }
                if (n instanceof Short || n instanceof Byte) {
                    return n.intValue();
                }
                return n;
            }
            case VALUE_NUMBER_FLOAT: {
                Number n = p.getNumberValue();
                return n instanceof Float f ? (Object) f.doubleValue() : n;
            }
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            case VALUE_NULL:
                return null;
            case VALUE_EMBEDDED_OBJECT:
                return p.getEmbeddedObject();
            default:
                throw new IOException("unexpected token " + t);
        }
    }

    /** Writes a neutral (or store-native) value; unknown scalars become embedded objects. */
    public static void write(JsonGenerator g, @Nullable Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof byte[] b) {
            g.writeBinary(b);
        } else if (v instanceof Float f) {
            g.writeNumber(f.doubleValue());
        } else if (v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).intValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else {
            g.writeEmbeddedObject(v);
        }
    }
}
