/** Elasticsearch servers for tests: {@link dev.stratum.testkit.elastic.ElasticTestServer}. */
@NullMarked
package dev.stratum.testkit.elastic;

import org.jspecify.annotations.NullMarked;
