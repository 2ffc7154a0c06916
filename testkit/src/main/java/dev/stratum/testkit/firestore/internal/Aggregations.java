package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.AggregationResult;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.StructuredAggregationQuery.Aggregation;
import com.google.firestore.v1.Value;
import com.google.protobuf.NullValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * COUNT (with {@code up_to}), SUM and AVG over a query's results, as the API documents them: only numbers
 * are aggregated; SUM is an integer while all values are integers and it does not overflow, else a double,
 * and 0 over nothing; AVG is always a double and null over nothing; NaN anywhere gives NaN.
 */
final class Aggregations {
    private Aggregations() {
    }

    static AggregationResult compute(List<Aggregation> aggregations, List<Document> docs) {
        AggregationResult.Builder out = AggregationResult.newBuilder();
        Set<String> aliases = new HashSet<>();
        int unnamed = 1;
        for (Aggregation a : aggregations) {
            String alias = a.getAlias();
            if (alias.isEmpty()) {
                alias = "field_" + unnamed++;
            }
            if (!aliases.add(alias)) {
                throw FirestoreError.invalid("Aggregation alias '" + alias + "' is used twice");
            }
            out.putAggregateFields(alias, compute(a, docs));
        }
        return out.build();
    }

    private static Value compute(Aggregation a, List<Document> docs) {
        switch (a.getOperatorCase()) {
            case COUNT: {
                long n = docs.size();
                if (a.getCount().hasUpTo()) {
                    long upTo = a.getCount().getUpTo().getValue();
                    if (upTo <= 0) {
                        throw FirestoreError.invalid("COUNT up_to must be greater than zero, got " + upTo);
                    }
                    n = Math.min(n, upTo);
                }
                return Value.newBuilder().setIntegerValue(n).build();
            }
            case SUM:
                return sum(docs, FieldPaths.parse(a.getSum().getField().getFieldPath()), false);
            case AVG:
                return sum(docs, FieldPaths.parse(a.getAvg().getField().getFieldPath()), true);
            default:
                throw FirestoreError.invalid("An aggregation needs an operator (count, sum or avg)");
        }
    }

    private static Value sum(List<Document> docs, List<String> path, boolean average) {
        long longSum = 0;
        double doubleSum = 0;
        boolean isDouble = false;
        long count = 0;
        for (Document d : docs) {
            Value v = FieldPaths.get(d.getFieldsMap(), path);
            if (v == null || !ValueOrder.isNumber(v)) {
                continue;
            }
            count++;
            if (v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE) {
                long x = v.getIntegerValue();
                if (isDouble) {
                    doubleSum += x;
                } else {
                    long r = longSum + x;
                    if (((longSum ^ r) & (x ^ r)) < 0) {
                        isDouble = true;
                        doubleSum = (double) longSum + (double) x;
                    } else {
                        longSum = r;
                    }
                }
            } else {
                if (!isDouble) {
                    isDouble = true;
                    doubleSum = longSum;
                }
                doubleSum += v.getDoubleValue();
            }
        }
        if (average) {
            if (count == 0) {
                return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
            }
            double total = isDouble ? doubleSum : (double) longSum;
            return Value.newBuilder().setDoubleValue(total / count).build();
        }
        return isDouble ? Value.newBuilder().setDoubleValue(doubleSum).build() : Value.newBuilder().setIntegerValue(longSum).build();
    }
}
