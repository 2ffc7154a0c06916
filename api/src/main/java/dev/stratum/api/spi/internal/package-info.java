/**
 * Implementation of the store SPI's shared behaviour (write preparation, paging, partial updates,
 * aggregation, projections), used by {@link dev.stratum.api.spi.AbstractRepository}; not an API.
 */
@NullMarked
package dev.stratum.api.spi.internal;

import org.jspecify.annotations.NullMarked;
