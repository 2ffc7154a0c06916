package dev.stratum.api.internal;

import dev.stratum.api.InvalidEntityException;
import java.util.List;
import java.util.Map;

/**
 * Checks a neutral document before it is written: every map key must be a legal field name on every
 * store (not empty, no leading {@code $}, no dot, no NUL), no number may be NaN or infinite (stores
 * cannot agree on their order and equality, so the contract refuses them), and the document must fit
 * the store's size limit, counted in UTF-8 bytes (strings and keys), as stores count it. One walk does all three.
 */
public final class DocumentChecks {
    private DocumentChecks() {}

    /**
     * Checks a document's values and estimated size before a write.
     *
     * @throws InvalidEntityException naming the entity, id and offending path or size
     */
    public static void check(Map<String, Object> document, String entity, Object id, String store, long maxBytes) {
        // The common case, a legal document well under the limit, is decided by one walk that builds no path
        // strings and counts 3 bytes per UTF-16 char (an upper bound of its UTF-8 length). Only when that walk
        // finds something wrong, or the bound is over the limit, the describing walk runs again to name the path
        // or the exact size: same order of checks, so the same first violation is reported.
        if (legalWithin(document, 0, maxBytes) >= 0) {
            return;
        }
        long size = walk(document, "", entity, id);
        if (size > maxBytes) {
            throw new InvalidEntityException(entity + " '" + id + "' is about " + size + " bytes, over " + store
                    + "'s limit of " + maxBytes + " bytes per document; nothing was written");
        }
    }

    /**
     * {@code bound} plus an upper bound of the size of {@code value}, or -1 when a key or number is illegal or the
     * bound passes {@code maxBytes}. Exact final classes are tested before the collection interfaces (the common
     * leaves decided by one compare each).
     */
    private static long legalWithin(@org.jspecify.annotations.Nullable Object value, long bound, long maxBytes) {
        long b;
        if (value instanceof String s) {
            b = bound + 5L + 3L * s.length();
        } else if (value == null || value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            b = bound + 8;
        } else if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                return -1;
            }
            b = bound + 8;
        } else if (value instanceof Map<?, ?> map) {
            b = bound + 5;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key) || !legalKey(key)) {
                    return -1;
                }
                b = legalWithin(e.getValue(), b + 3L * key.length() + 2, maxBytes);
                if (b < 0) {
                    return -1;
                }
            }
        } else if (value instanceof List<?> list) {
            b = bound + 5;
            for (Object o : list) {
                b = legalWithin(o, b + 4, maxBytes);
                if (b < 0) {
                    return -1;
                }
            }
        } else if (value instanceof byte[] bytes) {
            b = bound + 5L + bytes.length;
        } else {
            if (!isFinite(value)) {
                return -1;
            }
            b = bound + 8;
        }
        return b > maxBytes ? -1 : b;
    }

    private static boolean legalKey(String key) {
        return !key.isEmpty() && key.charAt(0) != '$' && key.indexOf('.') < 0 && key.indexOf('\0') < 0;
    }

    private static long walk(@org.jspecify.annotations.Nullable Object value, String path, String entity, Object id) {
        if (value instanceof Map<?, ?> map) {
            long size = 5;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                checkKey(key, path, entity, id);
                size += utf8Length(key) + 2 + walk(e.getValue(), path.isEmpty() ? key : path + "." + key, entity, id);
            }
            return size;
        }
        if (value instanceof List<?> list) {
            long size = 5;
            int i = 0;
            for (Object o : list) {
                size += 4 + walk(o, path + "[" + i++ + "]", entity, id);
            }
            return size;
        }
        if (value instanceof String s) {
            return 5L + utf8Length(s);
        }
        if (value instanceof byte[] b) {
            return 5L + b.length;
        }
        if (!isFinite(value)) {
            throw new InvalidEntityException(entity + " '" + id + "' holds " + value + " at '" + path
                    + "': NaN and infinities are not storable values; nothing was written");
        }
        return 8;
    }

    /** The UTF-8 length of a string, counted without encoding it (a lone surrogate counts as the 3-byte replacement). */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Whether a value is anything but a NaN or infinite Double/Float (deeply, for lists and maps). */
    public static boolean isFinite(@org.jspecify.annotations.Nullable Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d);
        }
        if (value instanceof Float f) {
            return Float.isFinite(f);
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(DocumentChecks::isFinite);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().allMatch(DocumentChecks::isFinite);
        }
        return true;
    }

    private static void checkKey(String key, String path, String entity, Object id) {
        String where = path.isEmpty() ? "" : " under '" + path + "'";
        if (key.isEmpty()) {
            throw new InvalidEntityException(entity + " '" + id + "' has an empty map key" + where + "; nothing was written");
        }
        if (key.charAt(0) == '$') {
            throw new InvalidEntityException(entity + " '" + id + "' has map key '" + key + "'" + where
                    + " starting with '$', which stores read as an operator; nothing was written");
        }
        if (key.indexOf('.') >= 0) {
            throw new InvalidEntityException(entity + " '" + id + "' has map key '" + key + "'" + where
                    + " containing '.', which stores read as a path; nothing was written");
        }
        if (key.indexOf('\0') >= 0) {
            throw new InvalidEntityException(entity + " '" + id + "' has a map key" + where + " containing NUL; nothing was written");
        }
    }
}
