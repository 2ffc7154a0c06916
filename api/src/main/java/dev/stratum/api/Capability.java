package dev.stratum.api;

/**
 * Something a store may or may not do. A store declares what it supports in {@link Capabilities};
 * what it does not declare it refuses with {@link QueryNotSupportedException} before any I/O. The
 * compatibility kit checks both halves on every store.
 */
public enum Capability {
    /** {@link Filter#or}. */
    OR,
    /** {@link Filter#not}. */
    NOT,
    /** {@link Filter#ne} and {@link Filter#nin}. */
    NOT_EQUAL,
    /** {@link Filter#exists} / {@link Filter#missing}. */
    EXISTS,
    /** {@link Filter#contains} on list fields. */
    ARRAY_CONTAINS,
    /** {@link Filter#startsWith}. */
    STARTS_WITH,
    /** Range filters on more than one field in one query. */
    RANGE_ON_MULTIPLE_FIELDS,
    /** Filters and sorts on any field, not only indexed ones, without {@link Query#allowScan()}. */
    UNINDEXED_FIELDS,
    /** {@link Query#allowScan()} makes queries on unindexed fields possible. */
    SCAN,
    /** Full-text match ({@link Query#matching}). */
    TEXT_SEARCH,
    /** {@link Query#offset(int)} and offset paging. */
    OFFSET,
    /** Multi-document transactions. */
    TRANSACTIONS,
    /** Entities expire ({@link Entity#ttlSeconds()}, {@link Indexed#ttlSeconds()}). */
    TTL,
    /** {@link Query#project(String...)} executed by the store. */
    PROJECTION
}
