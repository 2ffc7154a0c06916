/**
 * Testing support for Stratum stores and for applications built on them: the
 * {@link dev.stratum.testkit.RepositoryCompatibilityKit} every store passes, the in-memory reference
 * store ({@code dev.stratum.testkit.memory}), and the test domain it runs on
 * ({@code dev.stratum.testkit.domain}).
 *
 * <pre>{@code
 * class MongoCompatibilityTest extends RepositoryCompatibilityKit {
 *     static Store store = Stores.open("mongodb://127.0.0.1:27017/stratum_kit");
 *
 *     @Override
 *     protected <T, ID> Repository<T, ID> repository(Class<T> type) {
 *         return store.repository(type);
 *     }
 * }
 * }</pre>
 */
@NullMarked
package dev.stratum.testkit;

import org.jspecify.annotations.NullMarked;
