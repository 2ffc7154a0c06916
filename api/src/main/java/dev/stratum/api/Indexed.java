package dev.stratum.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a single-field index. Every store creates what it can natively (MongoDB index,
 * Elasticsearch mapping, Redis secondary index sets); on Redis only indexed fields can be queried
 * without {@link Query#allowScan()}.
 *
 * <pre>{@code
 * record User(@Id String id, @Indexed(unique = true) String email, @Indexed(order = Indexed.Order.DESC) Instant lastSeen) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface Indexed {
    /** Reject a second entity with the same value ({@link DuplicateKeyException}). */
    boolean unique() default false;

    /** Leave entities without the field out of the index. */
    boolean sparse() default false;

    /** A full-text index over this string field (stores with {@link Capability#TEXT_SEARCH}). */
    boolean text() default false;

    /** Expire the entity this many seconds after the instant held in this field; 0 = no TTL index. */
    long ttlSeconds() default 0;

    /** Index order, where the store distinguishes it. */
    Order order() default Order.ASC;

    /** Index direction. */
    enum Order { ASC, DESC }
}
