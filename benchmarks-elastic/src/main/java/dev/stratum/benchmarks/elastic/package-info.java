/**
 * The Elasticsearch peer benchmark (Stratum vs Spring Data Elasticsearch vs the bare client), in its own module
 * because Spring Data Elasticsearch on an 8.x client needs Spring Framework 6.2. Build with
 * {@code ./mvnw -B -q -pl benchmarks-elastic -am package -DskipTests}, run with
 * {@code java -jar benchmarks-elastic/target/benchmarks-elastic.jar ElasticPeerBenchmark -f 1}.
 */
@NullMarked
package dev.stratum.benchmarks.elastic;

import org.jspecify.annotations.NullMarked;
