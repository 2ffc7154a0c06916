package dev.stratum.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the entity's collection a time-series collection on stores that have them (MongoDB 5+);
 * elsewhere it is an ordinary collection.
 *
 * <pre>{@code
 * @Entity("metrics")
 * @TimeSeries(timeField = "timestamp", metaField = "meta", granularity = TimeSeries.Granularity.MINUTES)
 * record Metric(@Id String id, Instant timestamp, Map<String, String> meta, double value) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TimeSeries {
    /** The {@link java.time.Instant} field holding each measurement's time. */
    String timeField();

    /** The field holding the series' metadata (labels); empty for none. */
    String metaField() default "";

    /** Bucketing granularity. */
    Granularity granularity() default Granularity.SECONDS;

    /** Expire measurements this many seconds after their time; 0 = never. */
    long expireAfterSeconds() default 0;

    /** Time-series bucketing granularity. */
    enum Granularity { SECONDS, MINUTES, HOURS }
}
