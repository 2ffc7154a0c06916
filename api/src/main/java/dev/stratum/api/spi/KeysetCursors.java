package dev.stratum.api.spi;

import dev.stratum.api.CursorKey;
import dev.stratum.api.Filter;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Sort;
import dev.stratum.api.internal.KeysetCursor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The opaque keyset cursor format, for stores that page entirely natively and cannot use
 * {@link AbstractRepository#doFindAfter} (e.g. a cursor that must carry the server's own sort values,
 * such as relevance scores). Cursors made here are the same as {@link AbstractRepository}'s: bound to
 * the query's filter and sort keys by a fingerprint (by value, stable across JVMs), and signed with the
 * store's {@link CursorKey} ({@link AbstractRepository#cursorKey()}), so an altered cursor, or one
 * made for another query, is refused. Prefer the {@code doFindAfter} hook where it fits.
 *
 * <p>The values a native pager decodes are still the caller's to check: they come from a cursor this
 * store signed, but possibly before a schema change.
 */
public final class KeysetCursors {
    /** The key of the deprecated unkeyed methods: random per JVM. */
    private static final CursorKey PROCESS_KEY = CursorKey.random();

    private KeysetCursors() {}

    /** The binding of a cursor to a query: its filter (or none) and its sort keys. */
    public static long fingerprint(@Nullable Filter filter, List<Sort> keys) {
        return KeysetCursor.fingerprint(filter, keys);
    }

    /** The opaque cursor holding the last page's sort values, signed with {@code key}. */
    public static String encode(CursorKey key, long fingerprint, List<@Nullable Object> values) {
        return KeysetCursor.encode(key, fingerprint, values);
    }

    /**
     * The sort values of a cursor made by {@link #encode} with the same key, fingerprint and number of keys.
     *
     * @throws InvalidQueryException if the cursor is malformed, altered, signed with another key or belongs to another query
     */
    public static List<@Nullable Object> decode(CursorKey key, String cursor, long fingerprint, int keyCount) {
        return KeysetCursor.decode(key, cursor, fingerprint, keyCount);
    }

    /**
     * Signed with a random key of this JVM, not the store's.
     *
     * @deprecated use {@link #encode(CursorKey, long, List)} with the repository's {@link AbstractRepository#cursorKey()}
     */
    @Deprecated
    public static String encode(long fingerprint, List<@Nullable Object> values) {
        return KeysetCursor.encode(PROCESS_KEY, fingerprint, values);
    }

    /**
     * Checked against a random key of this JVM, not the store's.
     *
     * @deprecated use {@link #decode(CursorKey, String, long, int)} with the repository's {@link AbstractRepository#cursorKey()}
     */
    @Deprecated
    public static List<@Nullable Object> decode(String cursor, long fingerprint, int keyCount) {
        return KeysetCursor.decode(PROCESS_KEY, cursor, fingerprint, keyCount);
    }
}
