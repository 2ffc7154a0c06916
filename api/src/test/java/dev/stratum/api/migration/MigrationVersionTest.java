package dev.stratum.api.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MigrationVersion}: numeric, part-by-part ordering; parsing of text and class names. */
class MigrationVersionTest {

    private static MigrationVersion v(String s) {
        return MigrationVersion.parse(s);
    }

    @Test
    void versionsOrderNumericallyPartByPart() {
        List<String> ordered = List.of("0.9", "1", "1.0.1", "1.1", "1.2", "1.10", "1.10.1", "2", "2.0.3", "10", "10.0.0.1", "99999999999999999999");
        List<MigrationVersion> shuffled = new ArrayList<>(ordered.stream().map(MigrationVersion::parse).toList());
        Collections.shuffle(shuffled, new Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(MigrationVersion::toString).containsExactlyElementsOf(ordered);
    }

    @ParameterizedTest
    @CsvSource({"2, 2.0", "2, 2.0.0", "1.1, 1.1.0", "01.02, 1.2", "V3, 3", "v3_1, 3.1", "1_2_3, 1.2.3", "' 4.5 ', 4.5"})
    void equalVersionsAreEqualWithEqualHashesAndOneSpelling(String a, String b) {
        assertThat(v(a)).isEqualTo(v(b)).hasSameHashCodeAs(v(b));
        assertThat(v(a).compareTo(v(b))).isZero();
        assertThat(v(a).toString()).isEqualTo(v(b).toString());
    }

    @Test
    void trailingZerosAreDroppedFromTheTextButNotTheLastPart() {
        assertThat(v("2.0.0")).hasToString("2");
        assertThat(v("0")).hasToString("0");
        assertThat(v("0.0")).hasToString("0");
        assertThat(v("1.0.2.0")).hasToString("1.0.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "1.", ".1", "1..2", "1.a", "-1", "1.-2", "1 2", "V", "2.1-SNAPSHOT"})
    void malformedVersionsAreRefusedWithAnExample(String bad) {
        assertThatThrownBy(() -> v(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g.");
    }

    @ParameterizedTest
    @CsvSource({"V1__Init, 1, Init", "V2_1__Add_task_tags, 2.1, Add task tags", "V10_0_3__Backfill_due_dates, 10.0.3, Backfill due dates",
            "V3__, 3, ''"})
    void classNamesEncodeVersionAndDescription(String className, String version, String description) {
        assertThat(MigrationVersion.fromClassName(className)).isEqualTo(v(version));
        assertThat(MigrationVersion.descriptionFromClassName(className)).isEqualTo(description);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AddTags", "V1_Init", "v1__Init", "V__Init", "V1.a__X", "Migration1"})
    void otherClassNamesAreRefusedWithAHint(String className) {
        assertThatThrownBy(() -> MigrationVersion.fromClassName(className)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(className).hasMessageContaining("V2_1__Add_task_tags");
        assertThat(MigrationVersion.descriptionFromClassName(className)).isEqualTo(className);
    }
}
