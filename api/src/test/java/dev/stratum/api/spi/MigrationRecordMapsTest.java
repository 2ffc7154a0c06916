package dev.stratum.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationRecordMapsTest {
    private static final MigrationRecord DONE = new MigrationRecord(MigrationVersion.parse("2.1"), "Add role", "abc123", "svc@h1",
            Instant.ofEpochMilli(1_700_000_000_123L), Instant.ofEpochMilli(1_700_000_001_456L), Duration.ofMillis(1_333),
            MigrationRecord.Outcome.SUCCEEDED, null, null);
    private static final MigrationRecord FAILED = new MigrationRecord(MigrationVersion.parse("3"), "Backfill", "def", "svc@h2",
            Instant.ofEpochMilli(5), null, Duration.ofMillis(7), MigrationRecord.Outcome.FAILED, "boom", "cursor-42");

    @Test
    void aRecordSurvivesTheMapAndItsJsonNumbers() {
        assertThat(MigrationRecordMaps.fromMap(MigrationRecordMaps.toMap(DONE))).isEqualTo(DONE);
        assertThat(MigrationRecordMaps.fromMap(MigrationRecordMaps.toMap(FAILED))).isEqualTo(FAILED);
        Map<String, Object> asJsonReadsIt = new HashMap<>(MigrationRecordMaps.toMap(FAILED));
        asJsonReadsIt.put("startedAt", 5); // small numbers come back from JSON as Integer
        asJsonReadsIt.put("durationMillis", 7);
        assertThat(MigrationRecordMaps.fromMap(asJsonReadsIt)).isEqualTo(FAILED);
        assertThat(MigrationRecordMaps.toMap(DONE)).containsEntry("version", "2.1").containsEntry("startedAt", 1_700_000_000_123L)
                .containsEntry("durationMillis", 1_333L).containsEntry("outcome", "SUCCEEDED").containsEntry("error", null);
    }

    @Test
    void theLegacyDurationFieldIsRead() {
        Map<String, Object> legacy = new HashMap<>(MigrationRecordMaps.toMap(DONE));
        legacy.put("durationMs", legacy.remove("durationMillis"));
        assertThat(MigrationRecordMaps.fromMap(legacy)).isEqualTo(DONE);
    }

    @Test
    void aMalformedRecordNamesTheField() {
        Map<String, Object> noChecksum = new HashMap<>(MigrationRecordMaps.toMap(DONE));
        noChecksum.remove("checksum");
        assertThatThrownBy(() -> MigrationRecordMaps.fromMap(noChecksum)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'checksum' is missing");
        Map<String, Object> badType = new HashMap<>(MigrationRecordMaps.toMap(DONE));
        badType.put("startedAt", "yesterday");
        assertThatThrownBy(() -> MigrationRecordMaps.fromMap(badType)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'startedAt' is a String, not a Number");
        Map<String, Object> noDuration = new HashMap<>(MigrationRecordMaps.toMap(DONE));
        noDuration.remove("durationMillis");
        assertThatThrownBy(() -> MigrationRecordMaps.fromMap(noDuration)).hasMessageContaining("'durationMillis' is missing");
    }
}
