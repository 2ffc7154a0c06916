package dev.stratum.api.spi;

import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Update;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Applies a prepared (validated, neutral) {@link Update} to a neutral document, as MongoDB's
 * {@code $set/$inc/$push/$unset} do: the reference semantics for the in-memory store and the generic
 * read-modify-write path of {@link AbstractRepository}, and what stores without a native partial
 * update (Redis) use.
 */
public final class UpdateApplier {
    private UpdateApplier() {}

    /** A deep copy of {@code document} with the update applied. @throws InvalidQueryException if a value cannot take it */
    public static Map<String, Object> apply(Map<String, ?> document, Update update) {
        Map<String, Object> doc = copy(document);
        for (Update.Operation op : update.operations()) {
            String[] segs = op.path().split("\\.");
            Map<String, Object> parent = doc;
            for (int i = 0; i < segs.length - 1; i++) {
                Object next = parent.get(segs[i]);
                if (next == null) {
                    if (op.kind() == Update.Kind.UNSET) {
                        parent = null;
                        break;
                    }
                    next = new LinkedHashMap<String, Object>();
                    parent.put(segs[i], next);
                }
                if (!(next instanceof Map)) {
                    throw new InvalidQueryException("cannot " + verb(op) + " '" + op.path() + "': '" + segs[i] + "' is not an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) next;
                parent = m;
            }
            if (parent == null) {
                continue;
            }
            String leaf = segs[segs.length - 1];
            switch (op.kind()) {
                case SET -> parent.put(leaf, copyValue(op.value()));
                case UNSET -> parent.remove(leaf);
                case INC -> parent.put(leaf, add(op.path(), parent.containsKey(leaf) ? parent.get(leaf) : 0,
                        (Number) Objects.requireNonNull(op.value(), "inc amount")));
                case PUSH -> {
                    Object old = parent.get(leaf);
                    if (old != null && !(old instanceof List)) {
                        throw new InvalidQueryException("cannot push to '" + op.path() + "': it holds a " + old.getClass().getSimpleName());
                    }
                    List<Object> list = old == null ? new ArrayList<>() : new ArrayList<>((List<?>) old);
                    list.add(copyValue(op.value()));
                    parent.put(leaf, list);
                }
            }
        }
        return doc;
    }

    private static String verb(Update.Operation op) {
        return op.kind().name().toLowerCase(Locale.ROOT);
    }

    /** {@code old + amount} in the wider of both types (int overflows into long, as on MongoDB). */
    static Object add(String path, @Nullable Object old, Number amount) {
        if (!(old instanceof Number n)) {
            throw new InvalidQueryException("cannot inc '" + path + "': it holds " + (old == null ? "null" : "a " + old.getClass().getSimpleName()));
        }
        if (n instanceof BigDecimal b) {
            return b.add(new BigDecimal(amount.toString()));
        }
        if (n instanceof Double || n instanceof Float || amount instanceof Double || amount instanceof Float) {
            return n.doubleValue() + amount.doubleValue();
        }
        long sum = Math.addExact(n.longValue(), amount.longValue());
        boolean bothInt = n instanceof Integer && amount instanceof Integer;
        return bothInt && sum == (int) sum ? (Object) (int) sum : (Object) sum;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>(m.size() * 2);
        m.forEach((k, v) -> out.put(k, copyValue(v)));
        return out;
    }

    private static @Nullable Object copyValue(@Nullable Object v) {
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> sm = (Map<String, ?>) m;
            return copy(sm);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(copyValue(x)));
            return out;
        }
        return v;
    }
}
