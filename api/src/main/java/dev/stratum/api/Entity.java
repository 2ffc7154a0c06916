package dev.stratum.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record or class as a stored entity and names its collection (MongoDB collection, Redis
 * key prefix, Elasticsearch index, Firestore collection).
 *
 * <pre>{@code
 * @Entity("tasks")
 * public record Task(@Id String id, String title) {}
 * }</pre>
 *
 * <p>Without this annotation the collection name is the simple class name in lower case.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Entity {
    /** The collection name; defaults to the simple class name in lower case. */
    String value() default "";

    /**
     * Time to live of every entity of this type, in seconds, on stores that support it
     * ({@link Capability#TTL}); 0 (the default) means forever.
     */
    long ttlSeconds() default 0;
}
