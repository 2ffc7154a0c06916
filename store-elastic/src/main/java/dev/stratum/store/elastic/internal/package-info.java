/** Implementation of the Elasticsearch store; not an API. */
@NullMarked
package dev.stratum.store.elastic.internal;

import org.jspecify.annotations.NullMarked;
