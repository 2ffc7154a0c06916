package dev.stratum.store.elastic.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Strings longer than the keyword limit ({@link ElasticMapping#IGNORE_ABOVE}, 8,191 characters): the server stores
 * them but does not index them, so the sidecar makes up for it, for such values only (an ordinary document gets
 * nothing and costs one walk of its string paths that allocates nothing):
 *
 * <ul>
 *   <li>{@code h.<path>}: the value's SHA-256, for equality ({@code eq}, {@code in}, {@code contains});
 *   <li>{@code p.<path>}: its <em>indexed prefix</em> ({@link #prefix}: the first 8,191 characters, 8,190 when the
 *       8,191st is the first half of a surrogate pair), a keyword mapped with {@code copy_to: <path>}, so the string's
 *       own field indexes the prefix in place of the value: ranges, {@code startsWith}, {@code exists} and sorts on
 *       {@code <path>} then see the long value at its prefix's place.
 * </ul>
 *
 * <p>Why the prefix is exact: for a long {@code s} with prefix {@code p} ({@code s} strictly longer) and a bound
 * {@code x} no longer than {@code p}, in code point order (which the keyword's UTF-8 byte order is, as no
 * surrogate pair is split): {@code s > x} and {@code s >= x} iff {@code p >= x}; {@code s < x} and {@code s <= x}
 * iff {@code p < x}; {@code s} starts with {@code x} iff {@code p} does. The range query on the field compares
 * {@code p} itself, so only {@code p = x} needs help ({@code lte} removes those documents through {@code p.<path>};
 * {@code gt} would add them, but never gets so long a bound), which is possible only for a bound of {@link #MAX_BOUND}
 * characters. Longer bounds and prefixes
 * cannot be decided from the prefix and are refused ({@link ElasticQueryTranslator}); so are {@code gt}/{@code gte}
 * bounds and {@code startsWith} prefixes over {@link #MAX_AUTOMATON_BYTES} UTF-8 bytes, which the server itself
 * cannot evaluate. A sort on the field orders a
 * long value at its prefix; {@code p.<path>} as the next key puts it after a short string equal to its prefix;
 * two long values with the same prefix tie there and the next key (the id) decides.
 */
final class ElasticLongStrings {
    /** The longest range bound or {@code startsWith} prefix answered exactly on a string path (the shortest indexed prefix). */
    static final int MAX_BOUND = ElasticMapping.IGNORE_ABOVE - 1;
    /**
     * The longest {@code gt}/{@code gte} bound or {@code startsWith} prefix, in UTF-8 bytes, that the server evaluates:
     * it turns them into an automaton of the bytes and refuses one of 1,000 states or more (measured on 8.19:
     * {@code gt} fails from 1,000 bytes, {@code gte} from 1,001, {@code prefix} from 1,001; {@code lt}/{@code lte}
     * take any length).
     */
    static final int MAX_AUTOMATON_BYTES = 998;
    /** Sidecar key of the SHA-256 of each long string. */
    static final String HASHES = "h";
    /** Sidecar key of the indexed prefix of each long string (copied to the string's own field). */
    static final String PREFIXES = "p";

    private ElasticLongStrings() {}

    /** The indexed prefix of a string longer than the limit: 8,191 characters, 8,190 rather than split a surrogate pair. */
    static String prefix(String text) {
        int n = ElasticMapping.IGNORE_ABOVE;
        return text.substring(0, Character.isHighSurrogate(text.charAt(n - 1)) ? n - 1 : n);
    }

    /** The length of a text in UTF-8 bytes. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Whether a string could equal the indexed prefix of a long string (its length is one a prefix has). */
    static boolean prefixLength(String text) {
        return text.length() == MAX_BOUND || text.length() == ElasticMapping.IGNORE_ABOVE;
    }

    /**
     * Adds {@code h} and {@code p} to {@code sidecar} for every string longer than the limit at one of
     * {@code stringPaths} (one value per path, a list when a path holds several); adds nothing otherwise.
     */
    static void addTo(Map<String, Object> document, Map<String, String[]> stringPaths, Map<String, Object> sidecar) {
        Map<String, Object> hashes = null;
        Map<String, Object> prefixes = null;
        for (Map.Entry<String, String[]> p : stringPaths.entrySet()) {
            List<String> found = collect(document, p.getValue(), 0, null);
            if (found != null) {
                if (hashes == null || prefixes == null) {
                    hashes = new LinkedHashMap<>();
                    prefixes = new LinkedHashMap<>();
                }
                if (found.size() == 1) {
                    hashes.put(p.getKey(), ElasticDocuments.sha256(found.get(0)));
                    prefixes.put(p.getKey(), prefix(found.get(0)));
                } else {
                    List<String> h = new ArrayList<>(found.size());
                    List<String> x = new ArrayList<>(found.size());
                    for (String s : found) {
                        h.add(ElasticDocuments.sha256(s));
                        x.add(prefix(s));
                    }
                    hashes.put(p.getKey(), h);
                    prefixes.put(p.getKey(), x);
                }
            }
        }
        if (hashes != null && prefixes != null) {
            sidecar.put(HASHES, hashes);
            sidecar.put(PREFIXES, prefixes);
        }
    }

    private static @Nullable List<String> collect(@Nullable Object at, String[] segments, int i, @Nullable List<String> found) {
        if (at instanceof List<?> l) {
            for (Object o : l) {
                found = collect(o, segments, i, found);
            }
            return found;
        }
        if (i == segments.length) {
            if (at instanceof String text && ElasticMapping.tooLongToIndex(text)) {
                List<String> out = found == null ? new ArrayList<>(1) : found;
                out.add(text);
                return out;
            }
            return found;
        }
        return at instanceof Map<?, ?> m ? collect(m.get(segments[i]), segments, i + 1, found) : found;
    }

    /**
     * The mapping of the sidecar's {@code p} object: per string path a keyword (same limit) copied to the path's own
     * field, nested by the path's segments as the server returns it.
     */
    static Map<String, Object> prefixMapping(Map<String, String[]> stringPaths) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> p : stringPaths.entrySet()) {
            Map<String, Object> properties = root;
            String[] segments = p.getValue();
            for (int i = 0; i < segments.length - 1; i++) {
                properties = childProperties(properties, segments[i]);
            }
            properties.put(segments[segments.length - 1],
                    Map.of("type", "keyword", "ignore_above", ElasticMapping.IGNORE_ABOVE, "copy_to", p.getKey()));
        }
        return Map.of("properties", root);
    }

    /** The properties of the object {@code name} under {@code properties}, added when absent. */
    private static Map<String, Object> childProperties(Map<String, Object> properties, String name) {
        if (properties.get(name) instanceof Map<?, ?> object && object.get("properties") instanceof Map<?, ?> inner) {
            @SuppressWarnings("unchecked") // built below: String keys
            Map<String, Object> typed = (Map<String, Object>) inner;
            return typed;
        }
        Map<String, Object> inner = new LinkedHashMap<>();
        properties.put(name, Map.of("properties", inner));
        return inner;
    }
}
