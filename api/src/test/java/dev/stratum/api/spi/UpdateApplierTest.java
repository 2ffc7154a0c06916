package dev.stratum.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Update;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference semantics of partial updates (what MongoDB's $set/$inc/$push/$unset do). */
class UpdateApplierTest {

    @Test
    void appliesToACopyAndCreatesMissingParents() {
        Map<String, Object> doc = new HashMap<>(Map.of("a", 1, "tags", List.of("x")));
        Map<String, Object> out = UpdateApplier.apply(doc, Update.set("loc.rack", "r1").push("tags", "y").push("fresh", "z").unset("a"));
        assertThat(out).containsEntry("loc", Map.of("rack", "r1")).containsEntry("tags", List.of("x", "y"))
                .containsEntry("fresh", List.of("z")).doesNotContainKey("a");
        assertThat(doc).as("untouched").containsEntry("a", 1).containsEntry("tags", List.of("x")).doesNotContainKey("loc");
        assertThat(UpdateApplier.apply(Map.of(), Update.unsetting("x.y"))).isEmpty();
    }

    @Test
    void incrementsKeepTheNumericTypeAndWidenOnOverflow() {
        assertThat(UpdateApplier.apply(Map.of("n", 1), Update.increment("n", 2))).containsEntry("n", 3);
        assertThat(UpdateApplier.apply(Map.of("n", Integer.MAX_VALUE), Update.increment("n", 1))).containsEntry("n", Integer.MAX_VALUE + 1L);
        assertThat(UpdateApplier.apply(Map.of("n", 5L), Update.increment("n", 1))).containsEntry("n", 6L);
        assertThat(UpdateApplier.apply(Map.of("n", 1.5), Update.increment("n", 1))).containsEntry("n", 2.5);
        assertThat(UpdateApplier.apply(Map.of("n", new BigDecimal("1.10")), Update.increment("n", 1))).containsEntry("n", new BigDecimal("2.10"));
        assertThat(UpdateApplier.apply(Map.of(), Update.increment("n", 4))).as("absent starts at 0").containsEntry("n", 4);
    }

    @Test
    void typeClashesFoundOnTheStoredValueAreRefused() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("n", null);
        assertThatThrownBy(() -> UpdateApplier.apply(withNull, Update.increment("n", 1))).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> UpdateApplier.apply(Map.of("n", "x"), Update.pushing("n", 1))).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> UpdateApplier.apply(Map.of("n", "x"), Update.set("n.m", 1))).isInstanceOf(InvalidQueryException.class);
    }
}
