package dev.stratum.api.internal;

import dev.stratum.api.internal.DirectCodecFactory.Ineligible;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * Which Jackson annotations a direct codec may meet: those whose whole effect is already in the
 * properties Jackson resolved (names, order, ignorals, creators, inclusion, formats the value's
 * (de)serializer ignores). Any other Jackson annotation on a type, its supertypes or members leaves
 * the type to Jackson.
 */
final class MappingAnnotations {
    private static final Set<String> CLASS_ANNOTATIONS = Set.of("JsonPropertyOrder", "JsonIgnoreProperties",
            "JsonIncludeProperties", "JsonNaming", "JsonAutoDetect", "JsonInclude", "JsonClassDescription", "JsonRootName");
    private static final Set<String> MEMBER_ANNOTATIONS = Set.of("JsonProperty", "JsonIgnore", "JsonCreator",
            "JsonGetter", "JsonSetter", "JsonInclude", "JsonFormat", "JsonPropertyDescription", "JsonAutoDetect");

    private MappingAnnotations() {}

    /** Jackson annotations whose effect is not fully in the resolved properties leave the type to Jackson. */
    static void check(Class<?> type) throws Ineligible {
        for (Class<?> c = type; c != null && c != Object.class && c != Record.class; c = c.getSuperclass()) {
            check(c.getAnnotations(), CLASS_ANNOTATIONS, c.getName());
            for (Class<?> i : c.getInterfaces()) {
                check(i);
            }
            for (Field f : c.getDeclaredFields()) {
                check(f.getAnnotations(), MEMBER_ANNOTATIONS, c.getName() + "." + f.getName());
            }
            for (Method m : c.getDeclaredMethods()) {
                check(m.getAnnotations(), MEMBER_ANNOTATIONS, c.getName() + "." + m.getName() + "()");
                for (Annotation[] pa : m.getParameterAnnotations()) {
                    check(pa, MEMBER_ANNOTATIONS, c.getName() + "." + m.getName() + "(…)");
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                check(k.getAnnotations(), MEMBER_ANNOTATIONS, c.getName() + " constructor");
                for (Annotation[] pa : k.getParameterAnnotations()) {
                    check(pa, MEMBER_ANNOTATIONS, c.getName() + " constructor parameter");
                }
            }
        }
    }

    private static void check(Annotation[] annotations, Set<String> allowed, String where) throws Ineligible {
        for (Annotation a : annotations) {
            Class<?> t = a.annotationType();
            if (t.getName().startsWith("com.fasterxml.jackson") && !allowed.contains(t.getSimpleName())) {
                throw new Ineligible(where + " has @" + t.getSimpleName());
            }
            if (t.isAnnotationPresent(com.fasterxml.jackson.annotation.JacksonAnnotationsInside.class)) {
                throw new Ineligible(where + " has a Jackson meta-annotation @" + t.getSimpleName());
            }
        }
    }

    static boolean plainEnum(Class<?> c) {
        try {
            check(c.getAnnotations(), Set.of(), c.getName());
            for (Field f : c.getDeclaredFields()) {
                check(f.getAnnotations(), Set.of(), c.getName());
            }
            for (Method m : c.getDeclaredMethods()) {
                check(m.getAnnotations(), Set.of(), c.getName());
            }
            return true;
        } catch (Ineligible e) {
            return false;
        }
    }
}
