package dev.stratum.api.internal;

import dev.stratum.api.internal.ValueConversions.Conv;
import java.lang.invoke.MethodHandle;
import java.util.LinkedHashMap;
import java.util.Map;

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
    /** {@code (Map doc) -> instance}, then (wide types) {@code (instance, Map doc) -> void} for the remaining setters ({@link DecodeAssembler}). */
    private final MethodHandle decoder;
    private final MethodHandle[] moreSetters;

    DirectCodec(Class<?> type, String[] outNames, MethodHandle[] getters, Conv[] outConvs, boolean[] omitNull, DecodeAssembler.Decoder decoder) {
        this.type = type;
        this.outNames = outNames;
        this.getters = getters;
        this.outConvs = outConvs;
        this.omitNull = omitNull;
        this.decoder = decoder.first;
        this.moreSetters = decoder.more;
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
    public Object decode(Map<String, ?> doc) {
        try {
            Object bean = (Object) decoder.invokeExact(doc);
            for (MethodHandle setters : moreSetters) {
                setters.invokeExact(bean, doc);
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
