package dev.stratum.api.internal;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyMetadata;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializer;
import com.fasterxml.jackson.databind.deser.CreatorProperty;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.impl.FieldProperty;
import com.fasterxml.jackson.databind.deser.impl.MethodProperty;
import com.fasterxml.jackson.databind.deser.std.StdValueInstantiator;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedWithParams;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.stratum.api.internal.ValueConversions.Conv;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link DirectCodec}s from what Jackson resolved for a type: the {@link BeanSerializer}'s
 * property writers (names after renames and naming strategies, order, ignorals, inclusion, getter or
 * field) and the {@link BeanDeserializer}'s creator and settable properties. So the mapping stays
 * defined by Jackson; this only removes the token stream and per-call lookups.
 *
 * <p>A type is eligible only when everything about it is ordinary, and the decision is made here, once
 * per type: its serializer and deserializer are Jackson's standard bean ones, every property's value type
 * is a neutral type (or a list, string-keyed map or eligible entity of them) whose (de)serializers are
 * the ones the default configuration uses, and the type carries no Jackson annotation beyond those whose
 * effect Jackson's resolved properties already reflect ({@code @JsonProperty}, {@code @JsonIgnore},
 * {@code @JsonCreator}, {@code @JsonPropertyOrder}, {@code @JsonNaming}, {@code @JsonInclude} with
 * {@code ALWAYS}/{@code NON_NULL}, {@code @JsonFormat} where the value's (de)serializer ignores it, …).
 * Anything else (custom serializers, polymorphism, views, aliases, any-setters, unwrapping, mix-ins)
 * leaves the type to Jackson, with the reason.
 */
public final class DirectCodecFactory {
    /** A codec, or why the type is left to Jackson. */
    public record Result(@Nullable DirectCodec codec, String reason) {}

    /** Why a type is not eligible. */
    static final class Ineligible extends Exception {
        private static final long serialVersionUID = 1L;

        Ineligible(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ObjectMapper mapper;
    private final @Nullable ObjectMapper baseline;
    private final SerializationConfig sc;
    private final DeserializationConfig dc;
    private final @Nullable String mapperReason;

    /**
     * @param mapper   the configured mapper whose mapping the codecs reproduce
     * @param baseline the default-configured mapper whose value (de)serializers the codecs' conversions
     *                 were written against, or null if {@code mapper} is that one
     */
    public DirectCodecFactory(ObjectMapper mapper, @Nullable ObjectMapper baseline) {
        this.mapper = mapper;
        this.baseline = baseline;
        this.sc = mapper.getSerializationConfig();
        this.dc = mapper.getDeserializationConfig();
        this.mapperReason = mapperReason();
    }

    private @Nullable String mapperReason() {
        for (SerializationFeature f : new SerializationFeature[] {SerializationFeature.WRAP_ROOT_VALUE,
                SerializationFeature.WRITE_ENUMS_USING_TO_STRING, SerializationFeature.WRITE_ENUMS_USING_INDEX,
                SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, SerializationFeature.WRITE_SINGLE_ELEM_ARRAYS_UNWRAPPED}) {
            if (sc.isEnabled(f)) return "SerializationFeature." + f + " is enabled";
        }
        for (DeserializationFeature f : new DeserializationFeature[] {DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS,
                DeserializationFeature.USE_BIG_INTEGER_FOR_INTS, DeserializationFeature.USE_LONG_FOR_INTS,
                DeserializationFeature.USE_JAVA_ARRAY_FOR_JSON_ARRAY, DeserializationFeature.READ_ENUMS_USING_TO_STRING,
                DeserializationFeature.UNWRAP_ROOT_VALUE, DeserializationFeature.FAIL_ON_TRAILING_TOKENS}) {
            if (dc.isEnabled(f)) return "DeserializationFeature." + f + " is enabled";
        }
        if (sc.isEnabled(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)) return "EnumFeature.WRITE_ENUMS_TO_LOWERCASE is enabled";
        if (sc.getDefaultTyper(TypeFactory.unknownType()) != null || dc.getDefaultTyper(TypeFactory.unknownType()) != null) {
            return "default typing is active";
        }
        if (sc.getActiveView() != null || dc.getActiveView() != null) {
            return "a default view is active"; // views matter only with an active view, which EntityMapper never sets otherwise
        }
        JsonSetter.Value setter = dc.getDefaultSetterInfo();
        if (setter.nonDefaultValueNulls() != null || setter.nonDefaultContentNulls() != null) return "default null handling is customised";
        return null;
    }

    /** Builds the codec of {@code type}, or answers why Jackson keeps it. */
    public Result build(Class<?> type) {
        if (mapperReason != null) {
            return new Result(null, mapperReason);
        }
        try {
            Map<Class<?>, ValueConversions.NestedConv> building = new HashMap<>();
            ValueConversions.NestedConv root = new ValueConversions.NestedConv(type);
            building.put(type, root);
            return new Result(codec(type, building), "direct");
        } catch (Ineligible e) {
            return new Result(null, String.valueOf(e.getMessage())); // Ineligible always has its reason as message
        } catch (Exception | LinkageError e) {
            return new Result(null, "introspection failed: " + e);
        }
    }

    private DirectCodec codec(Class<?> type, Map<Class<?>, ValueConversions.NestedConv> building) throws Exception {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isEnum() || type.isArray() || type.isPrimitive()
                || (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers()))) {
            throw new Ineligible(type.getName() + " is not a concrete top-level or static class");
        }
        MappingAnnotations.check(type);
        if (mapper.mixInCount() > 0 && sc.findMixInClassFor(type) != null) {
            throw new Ineligible(type.getName() + " has a mix-in");
        }
        JavaType jt = sc.constructType(type);
        SerializerProvider sp = mapper.getSerializerProviderInstance();
        JsonSerializer<Object> ser = sp.findTypedValueSerializer(type, true, null);
        if (ser.getClass() != BeanSerializer.class) {
            throw new Ineligible(type.getName() + " is written by " + ser.getClass().getName());
        }
        DeserializationContext ctxt = ((DefaultDeserializationContext) mapper.getDeserializationContext()).createDummyInstance(dc);
        JsonDeserializer<Object> deser = ctxt.findRootValueDeserializer(jt);
        if (deser.getClass() != BeanDeserializer.class) {
            throw new Ineligible(type.getName() + " is read by " + deser.getClass().getName());
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup();

        // ---- encoding: Jackson's property writers, in Jackson's order
        List<String> outNames = new ArrayList<>();
        List<MethodHandle> getters = new ArrayList<>();
        List<Conv> outConvs = new ArrayList<>();
        List<Boolean> omit = new ArrayList<>();
        for (Iterator<PropertyWriter> it = ((BeanSerializer) ser).properties(); it.hasNext();) {
            PropertyWriter pw = it.next();
            if (pw.getClass() != BeanPropertyWriter.class) {
                throw new Ineligible(type.getName() + "." + pw.getName() + " is written by " + pw.getClass().getName());
            }
            BeanPropertyWriter w = (BeanPropertyWriter) pw;
            String where = type.getName() + "." + w.getName();
            if (w.getTypeSerializer() != null || w.isUnwrapping()) {
                throw new Ineligible(where + " has type information or unwrapping");
            }
            JsonInclude.Value inc = w.findPropertyInclusion(sc, w.getType().getRawClass());
            JsonInclude.Include vi = inc.getValueInclusion();
            JsonInclude.Include ci = inc.getContentInclusion();
            if ((vi != JsonInclude.Include.ALWAYS && vi != JsonInclude.Include.USE_DEFAULTS && vi != JsonInclude.Include.NON_NULL)
                    || (ci != JsonInclude.Include.ALWAYS && ci != JsonInclude.Include.USE_DEFAULTS)) {
                throw new Ineligible(where + " has inclusion " + inc);
            }
            JsonSerializer<Object> assigned = w.getSerializer();
            boolean plainSerializer = assigned != null && assigned == sp.findValueSerializer(w.getType());
            if (assigned != null && !plainSerializer) {
                throw new Ineligible(where + " is written by " + assigned.getClass().getName());
            }
            JsonFormat.Value format = w.findPropertyFormat(sc, w.getType().getRawClass());
            if (!format.equals(JsonFormat.Value.empty()) && !plainSerializer) {
                throw new Ineligible(where + " has a format (" + format + ") its value's serializer may apply");
            }
            outNames.add(w.getName());
            getters.add(getter(lookup, w.getMember(), where));
            outConvs.add(conv(w.getType(), where, building));
            omit.add(vi == JsonInclude.Include.NON_NULL);
        }

        // ---- decoding: Jackson's creator and settable properties
        BeanDeserializer bd = (BeanDeserializer) deser;
        if (bd.getObjectIdReader() != null || bd.isCaseInsensitive()) {
            throw new Ineligible(type.getName() + " uses object ids or case-insensitive names");
        }
        ValueInstantiator vi = bd.getValueInstantiator();
        if (vi.getClass() != StdValueInstantiator.class || vi.canCreateUsingDelegate() || vi.canCreateUsingArrayDelegate()) {
            throw new Ineligible(type.getName() + " is created by a delegating or custom instantiator");
        }
        MethodHandle creator;
        DecodeAssembler.Property[] argProps = new DecodeAssembler.Property[0];
        if (vi.canCreateFromObjectWith()) {
            SettableBeanProperty[] args = vi.getFromObjectArguments(dc);
            AnnotatedWithParams c = vi.getWithArgsCreator();
            argProps = new DecodeAssembler.Property[args.length];
            for (int i = 0; i < args.length; i++) {
                SettableBeanProperty p = args[i];
                if (p == null || p.getInjectableValueId() != null) {
                    throw new Ineligible(type.getName() + " has a creator parameter that is not a property");
                }
                String where = type.getName() + "(" + p.getName() + ")";
                checkSettable(p, where, ctxt);
                argProps[i] = new DecodeAssembler.Property(p.getName(), conv(p.getType(), where, building), p.isRequired());
            }
            creator = invoker(lookup, c.getAnnotated(), where(type));
        } else if (vi.canCreateUsingDefault()) {
            creator = invoker(lookup, vi.getDefaultCreator().getAnnotated(), where(type));
        } else {
            throw new Ineligible(type.getName() + " has no creator Jackson can use with properties");
        }
        List<MethodHandle> setters = new ArrayList<>();
        List<DecodeAssembler.Property> setProps = new ArrayList<>();
        for (Iterator<SettableBeanProperty> it = bd.properties(); it.hasNext();) {
            SettableBeanProperty p = it.next();
            if (p instanceof CreatorProperty) {
                continue;
            }
            String where = type.getName() + "." + p.getName();
            if (p.getClass() != MethodProperty.class && p.getClass() != FieldProperty.class) {
                throw new Ineligible(where + " is set by " + p.getClass().getName());
            }
            checkSettable(p, where, ctxt);
            setters.add(setter(lookup, p.getMember(), where));
            setProps.add(new DecodeAssembler.Property(p.getName(), conv(p.getType(), where, building), false));
        }
        boolean[] omitNull = new boolean[omit.size()];
        for (int i = 0; i < omitNull.length; i++) {
            omitNull[i] = omit.get(i);
        }
        DirectCodec codec = new DirectCodec(type, outNames.toArray(String[]::new), getters.toArray(MethodHandle[]::new),
                outConvs.toArray(Conv[]::new), omitNull, DecodeAssembler.assemble(type, creator, argProps,
                        setters.toArray(MethodHandle[]::new), setProps.toArray(DecodeAssembler.Property[]::new)));
        ValueConversions.NestedConv self = building.get(type);
        if (self != null) {
            self.set(codec);
        }
        return codec;
    }

    private static String where(Class<?> type) {
        return type.getName();
    }

    private void checkSettable(SettableBeanProperty p, String where, DeserializationContext ctxt) throws Exception {
        if (p.getValueTypeDeserializer() != null || p.getManagedReferenceName() != null || p.getObjectIdInfo() != null) {
            throw new Ineligible(where + " has type information or references");
        }
        if (!p.findAliases(dc).isEmpty()) {
            throw new Ineligible(where + " has aliases");
        }
        PropertyMetadata md = p.getMetadata();
        if ((md.getValueNulls() != null && md.getValueNulls() != Nulls.DEFAULT && md.getValueNulls() != Nulls.SET)
                || (md.getContentNulls() != null && md.getContentNulls() != Nulls.DEFAULT && md.getContentNulls() != Nulls.SET)
                || md.getMergeInfo() != null) {
            throw new Ineligible(where + " has custom null handling or merging");
        }
        JsonDeserializer<Object> d = p.getValueDeserializer();
        if (d != null && d.getClass() != ctxt.findRootValueDeserializer(p.getType()).getClass()) {
            throw new Ineligible(where + " is read by " + d.getClass().getName());
        }
    }

    // ----------------------------------------------------------------------------------- values

    private Conv conv(JavaType t, String where, Map<Class<?>, ValueConversions.NestedConv> building) throws Exception {
        Class<?> c = t.getRawClass();
        if (sc.findConfigOverride(c) != null) {
            throw new Ineligible(where + ": " + c.getName() + " has a config override");
        }
        Conv scalar = scalar(c);
        if (scalar != null) {
            checkStandard(t, where);
            return scalar;
        }
        if (t.isContainerType()) {
            checkStandard(t, where);
            if (c == List.class) {
                return new ValueConversions.ListConv(conv(t.getContentType(), where, building));
            }
            if (c == Map.class && t.getKeyType().getRawClass() == String.class) {
                return new ValueConversions.MapConv(conv(t.getContentType(), where, building));
            }
            throw new Ineligible(where + " is declared " + t.toCanonical() + " (only List and Map<String, …> are direct)");
        }
        if (c.isEnum()) {
            checkStandard(t, where);
            if (!MappingAnnotations.plainEnum(c)) {
                throw new Ineligible(where + ": enum " + c.getName() + " carries Jackson annotations");
            }
            return ValueConversions.enumConv(c);
        }
        if (c == Object.class) {
            checkStandard(t, where);
            return ValueConversions.UNTYPED;
        }
        if (t.hasGenericTypes()) {
            throw new Ineligible(where + " is of generic type " + t.toCanonical());
        }
        ValueConversions.NestedConv known = building.get(c);
        if (known != null) {
            return known;
        }
        ValueConversions.NestedConv nested = new ValueConversions.NestedConv(c);
        building.put(c, nested);
        codec(c, building);
        return nested;
    }

    private static @Nullable Conv scalar(Class<?> c) {
        if (c == String.class) return ValueConversions.STRING;
        if (c == int.class) return ValueConversions.primitive(0, Integer.class);
        if (c == Integer.class) return ValueConversions.number(Integer.class);
        if (c == long.class) return ValueConversions.primitive(0L, Long.class);
        if (c == Long.class) return ValueConversions.number(Long.class);
        if (c == double.class) return ValueConversions.primitive(0.0d, Double.class);
        if (c == Double.class) return ValueConversions.number(Double.class);
        if (c == boolean.class) return ValueConversions.BOOL_PRIMITIVE;
        if (c == Boolean.class) return ValueConversions.BOOL;
        if (c == BigDecimal.class) return ValueConversions.DECIMAL;
        if (c == Instant.class) return ValueConversions.INSTANT;
        if (c == LocalDate.class) return ValueConversions.DATE;
        if (c == UUID.class) return ValueConversions.UUID_CONV;
        if (c == byte[].class) return ValueConversions.BYTES;
        return null;
    }

    /** The value type's (de)serializers must be the ones the conversions were written against. */
    private void checkStandard(JavaType t, String where) throws Exception {
        if (baseline == null) {
            return;
        }
        Class<?> ours = mapper.getSerializerProviderInstance().findValueSerializer(t).getClass();
        Class<?> theirs = baseline.getSerializerProviderInstance().findValueSerializer(baseline.constructType(t.getRawClass())).getClass();
        DeserializationContext a = ((DefaultDeserializationContext) mapper.getDeserializationContext()).createDummyInstance(dc);
        DeserializationContext b = ((DefaultDeserializationContext) baseline.getDeserializationContext())
                .createDummyInstance(baseline.getDeserializationConfig());
        if (ours != theirs || a.findRootValueDeserializer(t).getClass()
                != b.findRootValueDeserializer(baseline.getTypeFactory().constructType(t.getRawClass())).getClass()) {
            throw new Ineligible(where + ": " + t.toCanonical() + " has a customised serializer or deserializer");
        }
    }

    // ------------------------------------------------------------------------------ reflection

    private static MethodHandle getter(MethodHandles.Lookup lookup, AnnotatedMember m, String where) throws Exception {
        Object member = m.getMember();
        MethodHandle h;
        if (member instanceof Method method && method.getParameterCount() == 0) {
            h = lookup.unreflect(accessible(method, where));
        } else if (member instanceof Field field) {
            h = lookup.unreflectGetter(accessible(field, where));
        } else {
            throw new Ineligible(where + " is read through " + member);
        }
        return h.asType(MethodType.methodType(Object.class, Object.class));
    }

    /** {@code (bean, value) -> any}: a setter method, or the field's setter. */
    private static MethodHandle setter(MethodHandles.Lookup lookup, AnnotatedMember m, String where) throws Exception {
        Object member = m.getMember();
        if (member instanceof Method method && method.getParameterCount() == 1 && !Modifier.isStatic(method.getModifiers())) {
            return lookup.unreflect(accessible(method, where));
        }
        if (member instanceof Field field && !Modifier.isStatic(field.getModifiers())) {
            return lookup.unreflectSetter(accessible(field, where));
        }
        throw new Ineligible(where + " is set through " + member);
    }

    private static MethodHandle invoker(MethodHandles.Lookup lookup, Object member, String where) throws Exception {
        if (member instanceof Constructor<?> c) {
            return lookup.unreflectConstructor(accessible(c, where));
        }
        if (member instanceof Method m && Modifier.isStatic(m.getModifiers())) {
            return lookup.unreflect(accessible(m, where));
        }
        throw new Ineligible(where + " is created through " + member);
    }

    private static <A extends AccessibleObject> A accessible(A member, String where) throws Ineligible {
        try {
            member.setAccessible(true); // Jackson does the same (MapperFeature.CAN_OVERRIDE_ACCESS_MODIFIERS)
            return member;
        } catch (RuntimeException e) {
            throw new Ineligible(where + ": " + member + " is not accessible (" + e.getMessage() + ")");
        }
    }
}
