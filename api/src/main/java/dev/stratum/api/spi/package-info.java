/**
 * The service-provider side of Stratum: what a store module implements. Extend
 * {@link dev.stratum.api.spi.AbstractRepository} and implement only its {@code do*} methods; all
 * store-neutral behaviour (validation, versioning rules, audit timestamps, id assignment, keyset
 * paging, bulk reporting) lives there, so every store behaves the same.
 */
@NullMarked
package dev.stratum.api.spi;

import org.jspecify.annotations.NullMarked;
