package dev.stratum.tracing;

/**
 * The {@code db.operation.name} of each {@link dev.stratum.api.Repository} method, as used in span
 * names ({@code "findById tasks"}), span and metric attributes and the slow-operation log. They are
 * the Repository's method names, so they are the same on every store and never change.
 */
public final class OperationNames {
    private OperationNames() {}

    public static final String INSERT = "insert";
    public static final String SAVE = "save";
    public static final String UPDATE = "update";
    /** A batch: carries {@code db.operation.batch.size}. */
    public static final String SAVE_ALL = "saveAll";
    public static final String FIND_BY_ID = "findById";
    /** A batch: carries {@code db.operation.batch.size}. */
    public static final String FIND_ALL_BY_ID = "findAllById";
    public static final String EXISTS_BY_ID = "existsById";
    public static final String FIND = "find";
    /** Its span lasts until the stream is closed. */
    public static final String STREAM = "stream";
    public static final String PAGE = "page";
    public static final String COUNT = "count";
    public static final String DELETE = "delete";
    public static final String DELETE_BY_ID = "deleteById";
    public static final String DELETE_ALL = "deleteAll";
    /** {@code update(id, Update)} is traced as {@link #UPDATE}; this is the update of all matches of a query. */
    public static final String UPDATE_ALL = "updateAll";
    public static final String FIND_FIRST = "findFirst";
    public static final String EXISTS = "exists";
    public static final String AGGREGATE = "aggregate";
}
