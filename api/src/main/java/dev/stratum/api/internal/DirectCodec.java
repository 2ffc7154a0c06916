package dev.stratum.api.internal;

import dev.stratum.api.internal.ValueConversions.Conv;
import java.lang.invoke.MethodHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A direct codec for one entity type — a record, an annotated record or a POJO — built by
 * {@link DirectCodecFactory} from the properties, names, order, inclusion and creator that Jackson itself
 * resolved for the type, so it produces exactly Jackson's result with method handles and no token stream.
 *
 * <p>Whether a type gets a codec is decided once, when it is built. At run time a stored value in a form
 * the codec does not convert (say an {@code int} property holding {@code "12"}) throws {@link Fallback}
 * naming it; the caller then lets Jackson decode that document and counts the fallback.
 */
public final class DirectCodec {
    /** Thrown when a document holds a value this codec leaves to Jackson; the message names it. */
    public static final class Fallback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fallback(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Class<?> type;
    private final String[] outNames;
    private final MethodHandle[] getters;
    private final Conv[] outConvs;
    private final boolean[] omitNull;
    private final @Nullable MethodHandle creator;
    private final String[] argNames;
    private final Conv[] argConvs;
    private final @Nullable Class<?>[] argExact;
    private final boolean[] argRequired;
    private final @Nullable MethodHandle defaultConstructor;
    private final String[] setNames;
    private final BiConsumer<Object, Object>[] setters;
    private final Conv[] setConvs;
    private final @Nullable Class<?>[] setExact;

    DirectCodec(Class<?> type, String[] outNames, MethodHandle[] getters, Conv[] outConvs, boolean[] omitNull, @Nullable MethodHandle creator,
            String[] argNames, Conv[] argConvs, boolean[] argRequired, @Nullable MethodHandle defaultConstructor, String[] setNames,
            BiConsumer<Object, Object>[] setters, Conv[] setConvs) {
        this.type = type;
        this.outNames = outNames;
        this.getters = getters;
        this.outConvs = outConvs;
        this.omitNull = omitNull;
        this.creator = creator;
        this.argNames = argNames;
        this.argConvs = argConvs;
        this.argRequired = argRequired;
        this.defaultConstructor = defaultConstructor;
        this.setNames = setNames;
        this.setters = setters;
        this.setConvs = setConvs;
        this.argExact = exactClasses(argConvs);
        this.setExact = exactClasses(setConvs);
    }

    /** Per property, the stored class that decodes to itself: checked inline, so the common case makes no conversion call. */
    private static @Nullable Class<?>[] exactClasses(Conv[] convs) {
        Class<?>[] out = new Class<?>[convs.length];
        for (int i = 0; i < convs.length; i++) {
            out[i] = ValueConversions.identityClass(convs[i]);
        }
        return out;
    }

    /** The entity type. */
    public Class<?> type() {
        return type;
    }

    /** Encodes an entity to a neutral map, properties in Jackson's order. */
    public Map<String, Object> encode(Object entity) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(16, outNames.length * 2));
        try {
            for (int i = 0; i < outNames.length; i++) {
                Object v = getters[i].invokeExact(entity);
                if (v != null) {
                    out.put(outNames[i], outConvs[i].encode(v));
                } else if (!omitNull[i]) {
                    out.put(outNames[i], null);
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return out;
    }

    /** Decodes a document; throws {@link Fallback} where Jackson should do it. */
    @SuppressWarnings("NullAway")
    public Object decode(Map<String, ?> doc) {
        try {
            Object bean;
            if (creator != null) {
                Object[] args = new Object[argNames.length];
                for (int i = 0; i < argNames.length; i++) {
                    Object raw = doc.get(argNames[i]);
                    if (raw == null && argRequired[i] && !doc.containsKey(argNames[i])) {
                        throw new Fallback("required property '" + argNames[i] + "' missing"); // Jackson's error message
                    }
                    args[i] = raw != null && raw.getClass() == argExact[i] ? raw : argConvs[i].decode(raw);
                }
                bean = creator.invokeExact(args);
            } else {
                bean = defaultConstructor.invokeExact();
            }
            for (int i = 0; i < setNames.length; i++) {
                Object raw = doc.get(setNames[i]);
                if (raw != null || doc.containsKey(setNames[i])) {
                    setters[i].accept(bean, raw != null && raw.getClass() == setExact[i] ? raw : setConvs[i].decode(raw));
                }
            }
            return bean;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public String toString() {
        return "DirectCodec[" + type.getName() + "]";
    }
}
