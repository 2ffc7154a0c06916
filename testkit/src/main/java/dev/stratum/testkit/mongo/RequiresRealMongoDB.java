package dev.stratum.testkit.mongo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test (method or class) that needs a real {@code mongod}: with {@link MongoServerExtension} it is
 * skipped, with a message saying why and how to run it, when the tests run on the in-process
 * {@code mongo-java-server}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRealMongoDB {
    /** What the test needs that mongo-java-server lacks, e.g. {@code "TTL expiry"}. */
    String value();
}
