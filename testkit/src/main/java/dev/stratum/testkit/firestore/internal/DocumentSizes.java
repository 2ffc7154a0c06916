package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.Value;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Storage sizes as Firestore documents them ("Storage size calculations"): a document is its name's size +
 * its fields' sizes + 32 bytes; a name is the sum of its ids' UTF-8 lengths + 1 each, + 16; a string is its
 * UTF-8 length + 1; booleans and nulls 1; numbers and timestamps 8; geo points 16; bytes their length;
 * references their name's size; arrays the sum of their elements; maps the sum of key + value sizes.
 */
final class DocumentSizes {
    /** 1 MiB: the largest document Firestore stores. */
    static final long MAX_DOCUMENT_BYTES = 1_048_576L;

    private DocumentSizes() {
    }

    static long document(String name, Map<String, Value> fields) {
        long size = name(name) + 32;
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            size += string(e.getKey()) + value(e.getValue());
        }
        return size;
    }

    static void check(String name, Map<String, Value> fields) {
        long size = document(name, fields);
        if (size > MAX_DOCUMENT_BYTES) {
            throw FirestoreError.invalid("Document '" + name + "' cannot be written because its size (" + size
                    + " bytes) exceeds the maximum allowed size of 1,048,576 bytes.");
        }
    }

    /** A document name's size: only the path below {@code .../documents} counts. */
    static long name(String name) {
        int root = name.indexOf("/documents/");
        String rel = root < 0 ? name : name.substring(root + "/documents/".length());
        long size = 16;
        for (String seg : rel.split("/")) {
            size += seg.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return size;
    }

    private static long string(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + 1L;
    }

    static long value(Value v) {
        switch (v.getValueTypeCase()) {
            case NULL_VALUE:
            case BOOLEAN_VALUE:
                return 1;
            case INTEGER_VALUE:
            case DOUBLE_VALUE:
            case TIMESTAMP_VALUE:
                return 8;
            case GEO_POINT_VALUE:
                return 16;
            case STRING_VALUE:
                return string(v.getStringValue());
            case BYTES_VALUE:
                return v.getBytesValue().size();
            case REFERENCE_VALUE:
                return name(v.getReferenceValue());
            case ARRAY_VALUE: {
                long size = 0;
                for (Value e : v.getArrayValue().getValuesList()) {
                    size += value(e);
                }
                return size;
            }
            case MAP_VALUE: {
                long size = 0;
                for (Map.Entry<String, Value> e : v.getMapValue().getFieldsMap().entrySet()) {
                    size += string(e.getKey()) + value(e.getValue());
                }
                return size;
            }
            default:
                return 0;
        }
    }
}
