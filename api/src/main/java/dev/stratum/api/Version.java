package dev.stratum.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code long}/{@code Long}/{@code int}/{@code Integer} property as the optimistic-lock version.
 *
 * <p>Rules, the same on every store: {@code insert} stores version 1; {@code update}, {@code save}
 * and {@code delete(entity)} succeed only if the stored version equals the entity's, and write
 * version + 1; otherwise {@link OptimisticLockException}. {@code save} of an entity whose version is
 * 0 or null creates it, and fails with {@link OptimisticLockException} if it already exists.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface Version {}
