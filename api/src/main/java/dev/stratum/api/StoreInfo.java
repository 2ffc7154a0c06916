package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * Where a repository's data lives, in the terms of OpenTelemetry's database semantic conventions.
 * Holds no credentials.
 *
 * @param system {@code db.system.name}: {@code mongodb}, {@code redis}, {@code elasticsearch},
 *     {@code gcp.firestore}, or {@code memory}
 * @param namespace {@code db.namespace}: database, key prefix, cluster or project; may be empty
 * @param collection {@code db.collection.name}
 * @param serverAddress {@code server.address}, null when in-process
 * @param serverPort {@code server.port}, 0 when unknown
 */
public record StoreInfo(String system, String namespace, String collection, @Nullable String serverAddress, int serverPort) {}
