package dev.stratum.api.spi;

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
 * the query's filter and sort keys by a fingerprint, so a cursor is refused for another query.
 * Prefer the {@code doFindAfter} hook where it fits.
 */
public final class KeysetCursors {
    private KeysetCursors() {}

    /** The binding of a cursor to a query: its filter (or none) and its sort keys. */
    public static long fingerprint(@Nullable Filter filter, List<Sort> keys) {
        return KeysetCursor.fingerprint(filter, keys);
    }

    /** The opaque cursor holding the last page's sort values. */
    public static String encode(long fingerprint, List<@Nullable Object> values) {
        return KeysetCursor.encode(fingerprint, values);
    }

    /**
     * The sort values of a cursor made by {@link #encode} for the same fingerprint and number of keys.
     *
     * @throws InvalidQueryException if the cursor is malformed or belongs to another query
     */
    public static List<@Nullable Object> decode(String cursor, long fingerprint, int keyCount) {
        return KeysetCursor.decode(cursor, fingerprint, keyCount);
    }
}
