package dev.stratum.store.mongo.internal;

import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.MappingException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.UuidRepresentation;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.jspecify.annotations.Nullable;

/**
 * Writes Stratum's neutral documents straight to BSON and reads BSON straight back into neutral
 * documents (no intermediate {@code org.bson.Document}), renaming the entity's id property to and
 * from {@code _id}. Value mapping as in {@link MongoValues}; documents written by others decode too:
 * an ObjectId becomes its hex string, a legacy (subtype 3) UUID a UUID, a timestamp an instant.
 */
@SuppressWarnings("rawtypes")
public final class MongoDocumentCodec implements Codec<Map> {
    private static final BsonValueCodec BSON_VALUE_CODEC = new BsonValueCodec();
    private static final EncoderContext ENCODER_CONTEXT = EncoderContext.builder().build();

    private final String idProperty;
    private final Set<String> omittedWhenNull;

    public MongoDocumentCodec(String idProperty) {
        this(idProperty, Set.of());
    }

    /**
     * @param omittedWhenNull top-level fields written only when they hold a value: the fields of sparse indexes, which
     *     MongoDB would otherwise index as null (a second null would then clash with a unique one). Absent and null
     *     read and query alike in the contract.
     */
    public MongoDocumentCodec(String idProperty, Set<String> omittedWhenNull) {
        this.idProperty = idProperty;
        this.omittedWhenNull = Set.copyOf(omittedWhenNull);
    }

    /** The fields of a type's sparse indexes that are left out of a document when null (top-level paths). */
    public static Set<String> sparseFields(EntityMetadata<?> meta) {
        Set<String> out = new LinkedHashSet<>();
        for (IndexDefinition def : meta.indexes()) {
            if (def.sparse()) {
                def.fields().stream().map(IndexDefinition.Field::path).filter(p -> p.indexOf('.') < 0).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public Class<Map> getEncoderClass() {
        return Map.class;
    }

    @Override
    public void encode(BsonWriter writer, Map value, EncoderContext context) {
        writer.writeStartDocument();
        Object id = value.get(idProperty);
        if (id != null) {
            writer.writeName("_id");
            writeValue(writer, id);
        }
        for (Object o : value.entrySet()) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            String key = (String) e.getKey();
            if (!key.equals(idProperty) && !(e.getValue() == null && omittedWhenNull.contains(key))) {
                writer.writeName(key);
                writeValue(writer, e.getValue());
            }
        }
        writer.writeEndDocument();
    }

    private static void writeValue(BsonWriter w, @Nullable Object v) {
        if (v == null) {
            w.writeNull();
        } else if (v instanceof String s) {
            w.writeString(s);
        } else if (v instanceof Integer i) {
            w.writeInt32(i);
        } else if (v instanceof Long l) {
            w.writeInt64(l);
        } else if (v instanceof Double d) {
            w.writeDouble(d);
        } else if (v instanceof Boolean b) {
            w.writeBoolean(b);
        } else if (v instanceof Instant t) {
            w.writeDateTime(t.toEpochMilli());
        } else if (v instanceof BigDecimal b) {
            w.writeDecimal128(MongoValues.decimal128(b));
        } else if (v instanceof LocalDate d) {
            w.writeString(d.toString());
        } else if (v instanceof UUID u) {
            w.writeBinaryData(new BsonBinary(u));
        } else if (v instanceof byte[] bytes) {
            w.writeBinaryData(new BsonBinary(bytes));
        } else if (v instanceof Map<?, ?> m) {
            w.writeStartDocument();
            // nested documents are stored with sorted keys so that equality with a map is by content
            // (MongoDB compares embedded documents field by field, in order); see MongoValues.sorted
            for (Map.Entry<String, ?> e : MongoValues.sorted(m).entrySet()) {
                w.writeName(String.valueOf(e.getKey()));
                writeValue(w, e.getValue());
            }
            w.writeEndDocument();
        } else if (v instanceof List<?> list) {
            w.writeStartArray();
            for (Object o : list) {
                writeValue(w, o);
            }
            w.writeEndArray();
        } else {
            // rare non-neutral values (Float, Short, Date, enums) take the general path
            BSON_VALUE_CODEC.encode(w, MongoValues.toBson(v), ENCODER_CONTEXT);
        }
    }

    @Override
    public Map decode(BsonReader reader, DecoderContext context) {
        Map<String, Object> out = new LinkedHashMap<>();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            out.put(name.equals("_id") ? idProperty : name, readValue(reader));
        }
        reader.readEndDocument();
        return out;
    }

    private static Map<String, Object> readDocument(BsonReader reader) {
        Map<String, Object> out = new LinkedHashMap<>();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            out.put(reader.readName(), readValue(reader));
        }
        reader.readEndDocument();
        return out;
    }

    /** Reads the current value (its type already read) as a neutral value. */
    static @Nullable Object readValue(BsonReader r) {
        switch (r.getCurrentBsonType()) {
            case STRING:
                return r.readString();
            case INT32:
                return r.readInt32();
            case INT64:
                return r.readInt64();
            case DOUBLE:
                return r.readDouble();
            case BOOLEAN:
                return r.readBoolean();
            case NULL:
                r.readNull();
                return null;
            case DATE_TIME:
                return Instant.ofEpochMilli(r.readDateTime());
            case DECIMAL128:
                return MongoValues.fromDecimal128(r.readDecimal128());
            case DOCUMENT:
                return readDocument(r);
            case ARRAY:
                List<Object> list = new ArrayList<>();
                r.readStartArray();
                while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    list.add(readValue(r));
                }
                r.readEndArray();
                return list;
            case BINARY:
                return readBinary(r);
            case OBJECT_ID:
                return r.readObjectId().toHexString();
            case TIMESTAMP:
                return Instant.ofEpochSecond(r.readTimestamp().getTime());
            case SYMBOL:
                return r.readSymbol();
            case REGULAR_EXPRESSION:
                return r.readRegularExpression().getPattern();
            case JAVASCRIPT:
                return r.readJavaScript();
            case UNDEFINED:
                r.readUndefined();
                return null;
            case MIN_KEY:
                r.readMinKey();
                return null;
            case MAX_KEY:
                r.readMaxKey();
                return null;
            default:
                throw new MappingException("cannot read a BSON " + r.getCurrentBsonType() + " value into an entity");
        }
    }

    private static Object readBinary(BsonReader r) {
        BsonBinary b = r.readBinaryData();
        byte subtype = b.getType();
        if (subtype == BsonBinarySubType.UUID_STANDARD.getValue() && b.getData().length == 16) {
            return b.asUuid();
        }
        if (subtype == BsonBinarySubType.UUID_LEGACY.getValue() && b.getData().length == 16) {
            return b.asUuid(UuidRepresentation.JAVA_LEGACY);
        }
        return b.getData();
    }
}
