package dev.stratum.api;

/**
 * Thrown before any I/O when a store cannot execute a query construct, naming the store and the
 * construct, e.g. {@code "redis cannot execute filter on unindexed field 'title' (declare
 * @Indexed or use Query.allowScan())"}. What a store can do is declared in its {@link Capabilities}.
 */
public class QueryNotSupportedException extends DataAccessException {
    private static final long serialVersionUID = 1L;
    private final String store;
    private final String construct;

    public QueryNotSupportedException(String store, String construct, String detail) {
        super(ErrorCode.QUERY_NOT_SUPPORTED, store + " cannot execute " + construct + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.store = store;
        this.construct = construct;
    }

    public QueryNotSupportedException(String store, String construct) {
        this(store, construct, "");
    }

    /** The store's name as in {@link Capabilities#store()}. */
    public String store() {
        return store;
    }

    /** The refused construct, e.g. {@code "OR"} or {@code "text search"}. */
    public String construct() {
        return construct;
    }
}
