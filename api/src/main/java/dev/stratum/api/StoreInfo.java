package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * Where a repository's data lives, in the terms of OpenTelemetry's database semantic conventions.
 * Holds no credentials.
 *
 * @param system {@code db.system.name}: {@code mongodb}, {@code redis}, {@code elasticsearch},
 *     {@code gcp.firestore}, or {@code memory}
 * @param namespace {@code db.namespace}: everything that separates this repository's data from another
 *     repository's of the same collection name on the same server (database, key prefix, index prefix,
 *     project…), e.g. {@code "0/orders"} for Redis database 0 with key prefix {@code orders}. Caches
 *     derive their default names from it, so two partitions must never report the same namespace; may
 *     be empty only when nothing else separates data
 * @param collection {@code db.collection.name}
 * @param serverAddress {@code server.address}, null when in-process
 * @param serverPort {@code server.port}, 0 when unknown
 */
public record StoreInfo(String system, String namespace, String collection, @Nullable String serverAddress, int serverPort) {}
