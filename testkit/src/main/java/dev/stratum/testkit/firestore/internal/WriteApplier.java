package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentTransform.FieldTransform;
import com.google.firestore.v1.Precondition;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.protobuf.NullValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Applies one {@link Write} inside a commit: precondition ({@code exists}, {@code update_time}), then the
 * update (whole document, or only the mask's paths: masked paths absent from the input are deleted), delete
 * or transform, then the field transforms in order, then the 1 MiB size limit. A write that changes nothing
 * keeps the document's update time, as the API documents.
 */
final class WriteApplier {
    private static final Value NULL = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();

    private WriteApplier() {
    }

    static String target(Write w) {
        switch (w.getOperationCase()) {
            case UPDATE:
                return w.getUpdate().getName();
            case DELETE:
                return w.getDelete();
            case TRANSFORM:
                return w.getTransform().getDocument();
            default:
                throw FirestoreError.invalid("A write has no operation (update, delete or transform)");
        }
    }

    static WriteResult apply(DocumentStore.Commit c, String database, Write w) {
        String name = target(w);
        ResourceNames.checkDocument(database, name);
        Document current = c.current(name);
        if (w.hasCurrentDocument()) {
            checkPrecondition(w.getCurrentDocument(), current, name);
        }
        Map<String, Value> fields;
        List<FieldTransform> transforms;
        switch (w.getOperationCase()) {
            case DELETE:
                if (w.hasUpdateMask() || w.getUpdateTransformsCount() > 0) {
                    throw FirestoreError.invalid("A delete cannot have an update mask or transforms");
                }
                c.stage(name, null);
                return WriteResult.getDefaultInstance();
            case UPDATE: {
                Map<String, Value> input = FieldPaths.toStoredPrecision(w.getUpdate().getFieldsMap());
                FieldPaths.checkWritable(input, name);
                if (w.hasUpdateMask()) {
                    fields = current == null ? new HashMap<>() : new HashMap<>(current.getFieldsMap());
                    for (String p : w.getUpdateMask().getFieldPathsList()) {
                        List<String> segs = FieldPaths.parse(p);
                        segs.forEach(s -> FieldPaths.checkName(s, name));
                        Value v = FieldPaths.get(input, segs);
                        if (v != null) {
                            FieldPaths.set(fields, segs, v);
                        } else {
                            FieldPaths.delete(fields, segs);
                        }
                    }
                } else {
                    fields = new HashMap<>(input);
                }
                transforms = w.getUpdateTransformsList();
                break;
            }
            default:
                if (w.getTransform().getFieldTransformsCount() == 0) {
                    throw FirestoreError.invalid("A transform write needs at least one field transform");
                }
                fields = current == null ? new HashMap<>() : new HashMap<>(current.getFieldsMap());
                transforms = w.getTransform().getFieldTransformsList();
        }
        List<Value> results = new ArrayList<>();
        for (FieldTransform t : transforms) {
            results.add(transform(fields, t, c.time(), name));
        }
        DocumentSizes.check(name, fields);
        WriteResult.Builder result = WriteResult.newBuilder().addAllTransformResults(results);
        if (current != null && current.getFieldsMap().equals(fields)) {
            return result.setUpdateTime(current.getUpdateTime()).build();
        }
        Document doc = Document.newBuilder()
                .setName(name)
                .putAllFields(fields)
                .setCreateTime(current != null ? current.getCreateTime() : DocumentStore.timestamp(c.time()))
                .setUpdateTime(DocumentStore.timestamp(c.time()))
                .build();
        c.stage(name, doc);
        return result.setUpdateTime(doc.getUpdateTime()).build();
    }

    private static void checkPrecondition(Precondition p, @Nullable Document current, String name) {
        switch (p.getConditionTypeCase()) {
            case EXISTS:
                if (p.getExists() && current == null) {
                    throw FirestoreError.notFound("No document to update: " + name);
                }
                if (!p.getExists() && current != null) {
                    throw FirestoreError.alreadyExists("Document already exists: " + name);
                }
                return;
            case UPDATE_TIME:
                if (current == null || !current.getUpdateTime().equals(p.getUpdateTime())) {
                    throw FirestoreError.failedPrecondition("The precondition update_time does not match the document's current update time: " + name);
                }
                return;
            default:
                return;
        }
    }

    private static Value transform(Map<String, Value> fields, FieldTransform t, long commitMicros, String name) {
        List<String> segs = FieldPaths.parse(t.getFieldPath());
        segs.forEach(s -> FieldPaths.checkName(s, name));
        Value cur = FieldPaths.get(fields, segs);
        Value next;
        Value result;
        switch (t.getTransformTypeCase()) {
            case SET_TO_SERVER_VALUE:
                if (t.getSetToServerValue() != FieldTransform.ServerValue.REQUEST_TIME) {
                    throw FirestoreError.invalid("Unknown server value " + t.getSetToServerValue() + " for field " + t.getFieldPath());
                }
                // REQUEST_TIME has millisecond precision
                next = Value.newBuilder().setTimestampValue(DocumentStore.timestamp(commitMicros - Math.floorMod(commitMicros, 1000L))).build();
                result = next;
                break;
            case INCREMENT:
                next = increment(cur, numeric(t.getIncrement(), t));
                result = next;
                break;
            case MAXIMUM:
                next = extreme(cur, numeric(t.getMaximum(), t), true);
                result = next;
                break;
            case MINIMUM:
                next = extreme(cur, numeric(t.getMinimum(), t), false);
                result = next;
                break;
            case APPEND_MISSING_ELEMENTS: {
                List<Value> out = new ArrayList<>(cur != null && cur.hasArrayValue() ? cur.getArrayValue().getValuesList() : List.of());
                for (Value e0 : t.getAppendMissingElements().getValuesList()) {
                    Value e = FieldPaths.toStoredPrecision(e0);
                    if (out.stream().noneMatch(x -> ValueOrder.equivalent(x, e))) {
                        out.add(e);
                    }
                }
                next = array(out);
                result = NULL;
                break;
            }
            case REMOVE_ALL_FROM_ARRAY: {
                List<Value> out = new ArrayList<>(cur != null && cur.hasArrayValue() ? cur.getArrayValue().getValuesList() : List.of());
                out.removeIf(x -> t.getRemoveAllFromArray().getValuesList().stream().anyMatch(e -> ValueOrder.equivalent(x, e)));
                next = array(out);
                result = NULL;
                break;
            }
            default:
                throw FirestoreError.invalid("A field transform on " + t.getFieldPath() + " has no transform type");
        }
        FieldPaths.set(fields, segs, next);
        return result;
    }

    private static Value numeric(Value v, FieldTransform t) {
        if (!ValueOrder.isNumber(v)) {
            throw FirestoreError.invalid("The " + t.getTransformTypeCase() + " transform on " + t.getFieldPath() + " needs an integer or double operand");
        }
        return v;
    }

    private static boolean isInt(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
    }

    private static double asDouble(Value v) {
        return isInt(v) ? (double) v.getIntegerValue() : v.getDoubleValue();
    }

    private static Value increment(@Nullable Value cur, Value by) {
        if (cur == null || !ValueOrder.isNumber(cur)) {
            return by;
        }
        if (isInt(cur) && isInt(by)) {
            long a = cur.getIntegerValue();
            long b = by.getIntegerValue();
            long sum = a + b;
            if (((a ^ sum) & (b ^ sum)) < 0) {
                sum = a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
            }
            return Value.newBuilder().setIntegerValue(sum).build();
        }
        return Value.newBuilder().setDoubleValue(asDouble(cur) + asDouble(by)).build();
    }

    private static Value extreme(@Nullable Value cur, Value operand, boolean max) {
        if (cur == null || !ValueOrder.isNumber(cur)) {
            return operand;
        }
        if (ValueOrder.isNaN(cur)) {
            return cur;
        }
        if (ValueOrder.isNaN(operand)) {
            return operand;
        }
        int c = ValueOrder.compareNumbers(operand, cur);
        return (max ? c > 0 : c < 0) ? operand : cur;
    }

    private static Value array(List<Value> values) {
        return Value.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(values)).build();
    }
}
