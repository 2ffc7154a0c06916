package dev.stratum.api.internal;

import dev.stratum.api.internal.ValueConversions.Conv;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Composes, once per type, the one method handle with which {@link DirectCodec} decodes a document: read
 * each creator argument from the document and call the creator (a constructor, a static factory or the
 * default constructor), then read each setter property and, if the document holds it, call its setter
 * (method or field); return the instance.
 *
 * <p>Why one handle and not a loop over properties: a loop looks up non-constant names, dispatches a
 * different setter or conversion object per property (a megamorphic call the JIT cannot inline) and
 * passes the values through an array. One handle invoked with {@code invokeExact} is customised by the
 * JVM after a few calls, its bound names, conversions and setters become constants, and the whole decode
 * inlines into one compiled method that does what a hand-written mapper does: one {@code get} per
 * property with a constant key, the value handed straight to the constructor or setter.
 */
final class DecodeAssembler {
    /** What {@link #property} answers for a property the document does not hold: its setter is not called. */
    private static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };

    private static final MethodHandle ARG;
    private static final MethodHandle PROPERTY;
    private static final MethodHandle ARGS;
    private static final MethodHandle PRESENT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ARG = l.findStatic(DecodeAssembler.class, "arg",
                    MethodType.methodType(Object.class, Map.class, String.class, Class.class, Conv.class, boolean.class));
            PROPERTY = l.findStatic(DecodeAssembler.class, "property",
                    MethodType.methodType(Object.class, Map.class, String.class, Class.class, Conv.class));
            ARGS = l.findStatic(DecodeAssembler.class, "args", MethodType.methodType(Object[].class, Map.class, Property[].class));
            PRESENT = l.findStatic(DecodeAssembler.class, "present", MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private DecodeAssembler() {}

    // the helpers below are package-private only so that no unused-method check misses their use through findStatic

    /** A creator argument: absent or null is the conversion's default, unless Jackson requires it. */
    static @Nullable Object arg(Map<String, ?> doc, String name, @Nullable Class<?> exact, Conv conv, boolean required) {
        Object raw = doc.get(name);
        if (raw == null) {
            if (required && !doc.containsKey(name)) {
                throw new DirectCodec.Fallback("required property '" + name + "' missing"); // Jackson's error message
            }
            return conv.decode(null);
        }
        return raw.getClass() == exact ? raw : conv.decode(raw);
    }

    /** A setter property's value, or {@link #ABSENT}. */
    static @Nullable Object property(Map<String, ?> doc, String name, @Nullable Class<?> exact, Conv conv) {
        Object raw = doc.get(name);
        if (raw == null) {
            return doc.containsKey(name) ? conv.decode(null) : ABSENT;
        }
        return raw.getClass() == exact ? raw : conv.decode(raw);
    }

    /** All creator arguments, for creators too wide to read each in its own handle. */
    static Object[] args(Map<String, ?> doc, Property[] args) {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Property a = args[i];
            values[i] = arg(doc, a.name(), ValueConversions.identityClass(a.conv()), a.conv(), a.required());
        }
        return values;
    }

    static boolean present(@Nullable Object value) {
        return value != ABSENT;
    }

    /** One decoded property: its name in documents, its conversion, and (creator arguments) whether Jackson requires it. */
    record Property(String name, Conv conv, boolean required) {}

    /**
     * The most properties read by one composed handle: far wider handles take the JIT longer to compile
     * than they save (or exceed what it inlines), so wider creators read their arguments in a loop and
     * setters go in groups of at most this many.
     */
    static final int GROUP = 16;

    /**
     * A decode as composed: {@code first} {@code (Map) -> Object} creates the instance and sets up to
     * {@link #GROUP} properties, each of {@code more} {@code (Object, Map) -> void} sets the next ones.
     */
    static final class Decoder {
        final MethodHandle first;
        final MethodHandle[] more;

        Decoder(MethodHandle first, MethodHandle[] more) {
            this.first = first;
            this.more = more;
        }
    }

    /**
     * @param type    the entity type
     * @param creator {@code (P0 … Pn-1) -> R} with one {@link Property} per parameter in {@code args}
     * @param setters each {@code (D, P) -> any} with {@code D} a supertype of {@code type}, its property in {@code properties}
     */
    static Decoder assemble(Class<?> type, MethodHandle creator, Property[] args, MethodHandle[] setters, Property[] properties) {
        int n = creator.type().parameterCount();
        if (n != args.length || setters.length != properties.length) {
            throw new IllegalArgumentException(type.getName() + ": " + n + " creator parameters for " + args.length + " arguments");
        }
        MethodHandle make = creator.asType(creator.type().changeReturnType(type));
        if (n == 0) {
            make = MethodHandles.dropArguments(make, 0, Map.class);
        } else if (n <= 2 * GROUP) {
            MethodHandle[] reads = new MethodHandle[n];
            for (int i = 0; i < n; i++) {
                Property a = args[i];
                reads[i] = MethodHandles.insertArguments(ARG, 1, a.name(), ValueConversions.identityClass(a.conv()), a.conv(), a.required())
                        .asType(MethodType.methodType(make.type().parameterType(i), Map.class));
            }
            // (Map, …, Map) -> T, then every argument read from the one document, in parameter order
            make = MethodHandles.permuteArguments(MethodHandles.filterArguments(make, 0, reads), MethodType.methodType(type, Map.class),
                    new int[n]);
        } else {
            make = MethodHandles.filterArguments(make.asSpreader(Object[].class, n), 0, MethodHandles.insertArguments(ARGS, 1, (Object) args));
        }
        int groups = (setters.length + GROUP - 1) / GROUP;
        MethodHandle[] more = new MethodHandle[Math.max(0, groups - 1)];
        for (int g = 1; g < groups; g++) {
            int from = g * GROUP;
            MethodHandle body = MethodHandles.empty(MethodType.methodType(void.class, type, Map.class));
            more[g - 1] = setterSteps(type, body, setters, properties, from, Math.min(setters.length, from + GROUP))
                    .asType(MethodType.methodType(void.class, Object.class, Map.class));
        }
        MethodHandle first = setterSteps(type, MethodHandles.dropArguments(MethodHandles.identity(type), 1, Map.class), setters, properties, 0,
                Math.min(setters.length, GROUP)); // (T, Map) -> T
        return new Decoder(MethodHandles.foldArguments(first, make).asType(MethodType.methodType(Object.class, Map.class)), more);
    }

    /** {@code (T, Map) -> R}: setters {@code from … to-1}, each if the document holds its property, then {@code body}. */
    private static MethodHandle setterSteps(Class<?> type, MethodHandle body, MethodHandle[] setters, Property[] properties, int from, int to) {
        MethodHandle steps = body;
        for (int j = to - 1; j >= from; j--) {
            Property p = properties[j];
            MethodHandle set = setters[j];
            set = set.asType(MethodType.methodType(void.class, type, set.type().parameterType(1))).asType(MethodType.methodType(void.class, type,
                    Object.class)); // (T, Object) -> void
            MethodHandle ifPresent = MethodHandles.guardWithTest(MethodHandles.dropArguments(PRESENT, 0, type), set,
                    MethodHandles.empty(set.type()));
            MethodHandle read = MethodHandles.insertArguments(PROPERTY, 1, p.name(), ValueConversions.identityClass(p.conv()), p.conv());
            steps = MethodHandles.foldArguments(steps, MethodHandles.filterArguments(ifPresent, 1, read)); // step j, then the rest
        }
        return steps;
    }
}
