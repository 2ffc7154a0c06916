package dev.stratum.store.redis;

import java.util.List;

/**
 * What {@link RedisStore#verifyIndexes(Class)} (or {@link RedisStore#repairIndexes(Class)}) found in the
 * secondary indexes of one entity type: every index entry (equality, presence, contains, numeric and
 * lexicographic sorted sets, unique hashes, the id set, the manifest, the expiry set) checked against
 * the stored documents, and every document checked for all the entries it implies.
 *
 * <pre>{@code
 * IndexReport report = store.verifyIndexes(Task.class);
 * if (!report.isConsistent()) {
 *     log.warn("{}", report);                   // counts and up to 20 examples
 *     report = store.repairIndexes(Task.class);  // fixes what can be fixed, reports the rest
 * }
 * }</pre>
 *
 * @param collection the collection's key base, e.g. {@code {stratum:tasks}:}
 * @param repair whether this run repaired what it found
 * @param documents stored documents checked
 * @param entries index entries the documents imply, checked
 * @param missingEntries entries a document implies that Redis lacks (queries miss the document)
 * @param danglingEntries entries no document implies: of a deleted document, for another value, or a
 *     unique value held by the wrong id (queries return wrong documents, writes see false duplicates)
 * @param phantomIds ids in the id set, the manifest or the expiry set without a document (and not
 *     expired: those are counted in {@code expiredAwaitingPurge})
 * @param unindexedDocuments documents missing from the id set or whose manifest (the record of their
 *     entries, used to remove them on the next write) is absent or differs from their entries
 * @param duplicateUniqueValues values two live documents hold under a unique index; never repaired
 *     automatically (which one keeps the value is the application's decision): fix the data, then repair
 * @param expiredAwaitingPurge entries of expired documents the TTL sweeper or the next query removes;
 *     not a problem
 * @param repaired problems fixed by this run (0 unless {@code repair})
 * @param skippedConcurrent problems not repaired because the document changed while the run looked at
 *     it (its writer maintained its indexes; run again to check)
 * @param examples up to 20 problems, each naming the key, the member and what was wrong
 */
public record IndexReport(String collection, boolean repair, long documents, long entries, long missingEntries, long danglingEntries,
        long phantomIds, long unindexedDocuments, long duplicateUniqueValues, long expiredAwaitingPurge, long repaired,
        long skippedConcurrent, List<String> examples) {

    public IndexReport {
        examples = List.copyOf(examples);
    }

    /** Every problem found (expired entries awaiting their purge are not problems). */
    public long problems() {
        return missingEntries + danglingEntries + phantomIds + unindexedDocuments + duplicateUniqueValues;
    }

    /** Whether no problem was found. */
    public boolean isConsistent() {
        return problems() == 0;
    }

    @Override
    public String toString() {
        return "IndexReport[" + collection + (repair ? " (repair)" : "") + ": " + documents + " documents, " + entries + " entries; "
                + missingEntries + " missing, " + danglingEntries + " dangling, " + phantomIds + " phantom ids, " + unindexedDocuments
                + " unindexed documents, " + duplicateUniqueValues + " duplicate unique values, " + expiredAwaitingPurge
                + " expired awaiting purge; repaired " + repaired + ", skipped (changed meanwhile) " + skippedConcurrent
                + (examples.isEmpty() ? "" : "; e.g. " + String.join("; ", examples)) + "]";
    }
}
