package dev.stratum.backup;

import java.util.List;

/**
 * What a verify found: per type, counts and the documents that differ. Documents are compared by id
 * and by the SHA-256 of their canonical neutral JSON (the archive's line form).
 *
 * @param types one report per entity type
 */
public record VerifyReport(List<TypeReport> types) {
    public VerifyReport {
        types = List.copyOf(types);
    }

    /** Whether the target holds exactly the expected documents. */
    public boolean matches() {
        return types.stream().allMatch(TypeReport::matches);
    }

    /**
     * One type.
     *
     * @param entity entity name
     * @param expected documents in the archive or source
     * @param actual documents in the target
     * @param matched documents present in both with equal digests
     * @param missing expected documents the target lacks
     * @param different documents present in both whose content differs
     * @param differences the first differences (up to {@link BackupOptions#maxReportedDifferences()})
     */
    public record TypeReport(String entity, long expected, long actual, long matched, long missing, long different,
            List<Difference> differences) {
        public TypeReport {
            differences = List.copyOf(differences);
        }

        /** Target documents not in the archive or source ({@code actual - matched - different}). */
        public long extra() {
            return actual - matched - different;
        }

        public boolean matches() {
            return missing == 0 && different == 0 && extra() == 0 && expected == actual;
        }
    }

    /**
     * One differing document.
     *
     * @param entity entity name
     * @param id the id as canonical JSON
     * @param kind missing from the target, or different
     * @param expectedSha256 digest of the expected document
     * @param actualSha256 digest of the target's document, empty when missing
     */
    public record Difference(String entity, String id, Kind kind, String expectedSha256, String actualSha256) {
        /** Kinds of difference. */
        public enum Kind { MISSING, DIFFERENT }
    }
}
