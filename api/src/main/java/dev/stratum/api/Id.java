package dev.stratum.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the id property. Supported types: {@code String}, {@link java.util.UUID}, {@code long}/{@code Long}.
 *
 * <p>A {@code String} or {@code UUID} id left {@code null} on insert is assigned by the store (a
 * MongoDB ObjectId in hex, a random UUID elsewhere) and returned in the saved entity. A {@code long}
 * id must be set by the application.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface Id {}
