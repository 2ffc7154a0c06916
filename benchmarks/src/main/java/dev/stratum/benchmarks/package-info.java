/**
 * JMH benchmarks. Build with {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests}, run with
 * {@code java -jar benchmarks/target/benchmarks.jar <Name> -f 1}.
 */
@NullMarked
package dev.stratum.benchmarks;

import org.jspecify.annotations.NullMarked;
