package dev.stratum.tracing.internal;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute keys Stratum records: OpenTelemetry's stable database semantic conventions (declared
 * here so that only opentelemetry-api is needed) plus Stratum's own {@code stratum.*} keys.
 */
public final class SemanticAttributes {
    private SemanticAttributes() {}

    public static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    public static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
    public static final AttributeKey<String> DB_COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");
    public static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    public static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
    public static final AttributeKey<Long> DB_OPERATION_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** Whether the cache answered the call without loading from the store. */
    public static final AttributeKey<Boolean> STRATUM_CACHE_HIT = AttributeKey.booleanKey("stratum.cache.hit");
    /** The {@link dev.stratum.api.ErrorCode} of a failed call. */
    public static final AttributeKey<String> STRATUM_ERROR_CODE = AttributeKey.stringKey("stratum.error.code");
    /** How many entities of a {@code saveAll} were not written. */
    public static final AttributeKey<Long> STRATUM_BATCH_FAILURES = AttributeKey.longKey("stratum.batch.failures");
}
