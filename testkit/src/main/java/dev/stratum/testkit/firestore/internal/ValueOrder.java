package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Firestore's total order of values across types: null &lt; booleans &lt; numbers (NaN first, then
 * integers and doubles compared by numeric value, {@code -0.0 == 0.0}) &lt; timestamps &lt; strings (UTF-8
 * byte order) &lt; bytes &lt; references &lt; geo points &lt; arrays &lt; vectors &lt; maps. Two values are
 * equivalent when they compare equal ({@code 3 == 3.0}, {@code NaN == NaN}).
 */
final class ValueOrder {
    static final Comparator<Value> ORDER = ValueOrder::compare;

    static final int NULL = 0;
    static final int BOOLEAN = 1;
    static final int NUMBER = 2;
    static final int TIMESTAMP = 3;
    static final int STRING = 4;
    static final int BYTES = 5;
    static final int REFERENCE = 6;
    static final int GEO_POINT = 7;
    static final int ARRAY = 8;
    static final int VECTOR = 9;
    static final int MAP = 10;

    private ValueOrder() {
    }

    static int typeOrder(Value v) {
        switch (v.getValueTypeCase()) {
            case NULL_VALUE:
                return NULL;
            case BOOLEAN_VALUE:
                return BOOLEAN;
            case INTEGER_VALUE:
            case DOUBLE_VALUE:
                return NUMBER;
            case TIMESTAMP_VALUE:
                return TIMESTAMP;
            case STRING_VALUE:
                return STRING;
            case BYTES_VALUE:
                return BYTES;
            case REFERENCE_VALUE:
                return REFERENCE;
            case GEO_POINT_VALUE:
                return GEO_POINT;
            case ARRAY_VALUE:
                return ARRAY;
            case MAP_VALUE:
                return isVector(v.getMapValue()) ? VECTOR : MAP;
            default:
                throw FirestoreError.invalid("A value has no type set");
        }
    }

    private static boolean isVector(MapValue m) {
        Value type = m.getFieldsMap().get("__type__");
        return type != null && "__vector__".equals(type.getStringValue()) && m.getFieldsMap().containsKey("value");
    }

    static boolean isNumber(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE || v.getValueTypeCase() == Value.ValueTypeCase.DOUBLE_VALUE;
    }

    static boolean isNaN(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.DOUBLE_VALUE && Double.isNaN(v.getDoubleValue());
    }

    static boolean equivalent(Value a, Value b) {
        return compare(a, b) == 0;
    }

    static int compare(Value a, Value b) {
        int ta = typeOrder(a);
        int tb = typeOrder(b);
        if (ta != tb) {
            return Integer.compare(ta, tb);
        }
        switch (ta) {
            case NULL:
                return 0;
            case BOOLEAN:
                return Boolean.compare(a.getBooleanValue(), b.getBooleanValue());
            case NUMBER:
                return compareNumbers(a, b);
            case TIMESTAMP: {
                int c = Long.compare(a.getTimestampValue().getSeconds(), b.getTimestampValue().getSeconds());
                return c != 0 ? c : Integer.compare(a.getTimestampValue().getNanos(), b.getTimestampValue().getNanos());
            }
            case STRING:
                return ResourceNames.compareUtf8(a.getStringValue(), b.getStringValue());
            case BYTES:
                return ByteString.unsignedLexicographicalComparator().compare(a.getBytesValue(), b.getBytesValue());
            case REFERENCE:
                return ResourceNames.compare(a.getReferenceValue(), b.getReferenceValue());
            case GEO_POINT: {
                int c = compareDoubles(a.getGeoPointValue().getLatitude(), b.getGeoPointValue().getLatitude());
                return c != 0 ? c : compareDoubles(a.getGeoPointValue().getLongitude(), b.getGeoPointValue().getLongitude());
            }
            case ARRAY:
                return compareLists(a.getArrayValue().getValuesList(), b.getArrayValue().getValuesList());
            case VECTOR: {
                List<Value> va = a.getMapValue().getFieldsOrThrow("value").getArrayValue().getValuesList();
                List<Value> vb = b.getMapValue().getFieldsOrThrow("value").getArrayValue().getValuesList();
                int c = Integer.compare(va.size(), vb.size());
                return c != 0 ? c : compareLists(va, vb);
            }
            default:
                return compareMaps(a.getMapValue(), b.getMapValue());
        }
    }

    private static int compareLists(List<Value> a, List<Value> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareMaps(MapValue a, MapValue b) {
        List<Map.Entry<String, Value>> ea = sortedEntries(a);
        List<Map.Entry<String, Value>> eb = sortedEntries(b);
        int n = Math.min(ea.size(), eb.size());
        for (int i = 0; i < n; i++) {
            int c = ResourceNames.compareUtf8(ea.get(i).getKey(), eb.get(i).getKey());
            if (c != 0) {
                return c;
            }
            c = compare(ea.get(i).getValue(), eb.get(i).getValue());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ea.size(), eb.size());
    }

    private static List<Map.Entry<String, Value>> sortedEntries(MapValue m) {
        List<Map.Entry<String, Value>> entries = new ArrayList<>(m.getFieldsMap().entrySet());
        entries.sort((x, y) -> ResourceNames.compareUtf8(x.getKey(), y.getKey()));
        return entries;
    }

    /** Numbers by value: NaN first (and equal to NaN), longs and doubles compared exactly, -0.0 == 0.0. */
    static int compareNumbers(Value a, Value b) {
        boolean ai = a.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
        boolean bi = b.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
        if (ai && bi) {
            return Long.compare(a.getIntegerValue(), b.getIntegerValue());
        }
        if (!ai && !bi) {
            return compareDoubles(a.getDoubleValue(), b.getDoubleValue());
        }
        return ai ? -compareDoubleToLong(b.getDoubleValue(), a.getIntegerValue()) : compareDoubleToLong(a.getDoubleValue(), b.getIntegerValue());
    }

    static int compareDoubles(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Boolean.compare(!Double.isNaN(a), !Double.isNaN(b));
        }
        return a < b ? -1 : a > b ? 1 : 0;
    }

    private static int compareDoubleToLong(double d, long l) {
        if (Double.isNaN(d)) {
            return -1;
        }
        if (Double.isInfinite(d)) {
            return d < 0 ? -1 : 1;
        }
        return new BigDecimal(d).compareTo(BigDecimal.valueOf(l));
    }
}
