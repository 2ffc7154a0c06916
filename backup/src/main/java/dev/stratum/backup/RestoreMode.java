package dev.stratum.backup;

/** What a restore or copy does when the target already holds entities of a type it writes. */
public enum RestoreMode {
    /** Refuse (before anything is written) if any target type is not empty. The default. */
    REFUSE_IF_NOT_EMPTY,
    /** Delete every entity of each restored type in the target first. */
    REPLACE,
    /** Upsert by id: archived entities overwrite those with the same id, others are kept. */
    MERGE
}
