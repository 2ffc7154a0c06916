package dev.stratum.api.spi;

/** What a store reports for one {@link WriteOp}; {@link AbstractRepository} turns failures into the right exception. */
public enum WriteOutcome {
    /** Applied. */
    WRITTEN,
    /** REPLACE or DELETE found no entity with that id. */
    NOT_FOUND,
    /** REPLACE or DELETE found the entity with another version. */
    VERSION_CONFLICT,
    /** INSERT found the id taken. (A unique-index clash is thrown as a DuplicateKeyException naming the index.) */
    DUPLICATE_KEY
}
