/**
 * Stratum on Elasticsearch: {@link dev.stratum.store.elastic.ElasticStore}, its configuration and its
 * {@link dev.stratum.api.StoreProvider} ({@code elasticsearch://}, {@code http(s)://}).
 */
@NullMarked
package dev.stratum.store.elastic;

import org.jspecify.annotations.NullMarked;
