package dev.stratum.api;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which page to read. Keyset paging (the default) continues after the last entity of the previous
 * page with an opaque cursor; it is stable under concurrent inserts and costs the same on page 1 and
 * page 10,000. Offset paging ({@link #offset(int, int)}) is available on stores with
 * {@link Capability#OFFSET}.
 *
 * <p>Cursors are signed with the store's {@link CursorKey}: an altered cursor, or one made by another
 * store instance (by default every store instance has its own random key, so cursors do not survive a
 * restart unless a key is configured), is refused with an {@link InvalidQueryException}. Keyset paging
 * needs sort keys of one scalar type: sorting a keyset page by an untyped ({@code Object}), list, map or
 * byte-array field is refused with an {@link InvalidQueryException} (a page could not continue after a
 * value of one type without skipping the others); read such orders with {@code find}/{@code stream} or
 * offset paging. A size of {@link Integer#MAX_VALUE} is allowed and reads everything in one page.
 *
 * <pre>{@code
 * Query q = Query.where(Filter.eq("status", "OPEN")).sortBy(Sort.desc("priority"));
 * Page<Task> page = tasks.page(q, PageRequest.first(50));
 * while (true) {
 *     page.items().forEach(this::handle);
 *     if (page.next().isEmpty()) break;
 *     page = tasks.page(q, page.next().get());
 * }
 * }</pre>
 */
public final class PageRequest {
    private final int size;
    private final @Nullable String cursor;
    private final int offset;
    private final boolean offsetMode;

    private PageRequest(int size, @Nullable String cursor, int offset, boolean offsetMode) {
        if (size <= 0) {
            throw new IllegalArgumentException("page size must be > 0, was " + size);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        this.size = size;
        this.cursor = cursor;
        this.offset = offset;
        this.offsetMode = offsetMode;
    }

    /** The first keyset page of {@code size} entities. */
    public static PageRequest first(int size) {
        return new PageRequest(size, null, 0, false);
    }

    /** The keyset page after {@code cursor} (from {@link Page#cursor()}). */
    public static PageRequest after(String cursor, int size) {
        return new PageRequest(size, cursor, 0, false);
    }

    /** An offset page: skip {@code offset} entities, return up to {@code size}. */
    public static PageRequest offset(int offset, int size) {
        return new PageRequest(size, null, offset, true);
    }

    public int size() {
        return size;
    }

    /** The continuation cursor; empty on the first keyset page and in offset mode. */
    public Optional<String> cursor() {
        return Optional.ofNullable(cursor);
    }

    public int offset() {
        return offset;
    }

    public boolean isOffset() {
        return offsetMode;
    }

    @Override
    public String toString() {
        return offsetMode ? "PageRequest[offset=" + offset + ", size=" + size + "]"
                : "PageRequest[size=" + size + (cursor == null ? ", first" : ", after cursor") + "]";
    }
}
