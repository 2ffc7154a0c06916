package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.BulkResult;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.internal.KitData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code @CreatedAt} is set once and kept; {@code @UpdatedAt} moves with every write. */
@SuppressWarnings({"NullAway", "JavaInstantGetSecondsGetNano"}) // kit test code: dereferences what it has just asserted
// present; getNano() % 1_000_000 is the sub-millisecond part on purpose
abstract class AuditGroup extends KitGroup {

    /** Reads only by id (real-time on every store), so it runs whatever the store's query consistency. */
    @Override
    boolean needsReadYourWrites() {
        return false;
    }


    @Test
    void insertSetsBothTimeStampsToTheWriteTime() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Task t = tasks().insert(Task.create("audited", Task.Status.OPEN, 1));
        Instant after = Instant.now();
        assertThat(t.createdAt()).isNotNull().isBetween(before, after);
        assertThat(t.updatedAt()).isEqualTo(t.createdAt());
        assertThat(t.createdAt().getNano() % 1_000_000).as("millisecond precision").isZero();
        Task stored = tasks().findById(t.id()).orElseThrow();
        assertThat(stored.createdAt()).isEqualTo(t.createdAt());
        assertThat(stored.updatedAt()).isEqualTo(t.updatedAt());
    }

    @Test
    void updateKeepsCreatedAtAndMovesUpdatedAt() {
        Task v1 = tasks().insert(Task.create("audited", Task.Status.OPEN, 1));
        awaitClockAfter(v1.updatedAt());
        Task v2 = tasks().update(v1.withStatus(Task.Status.DONE));
        assertThat(v2.createdAt()).isEqualTo(v1.createdAt());
        assertThat(v2.updatedAt()).isAfter(v1.updatedAt());
        awaitClockAfter(v2.updatedAt());
        Task v3 = tasks().save(v2.withPriority(4));
        assertThat(v3.createdAt()).isEqualTo(v1.createdAt());
        assertThat(v3.updatedAt()).isAfter(v2.updatedAt());
        Task stored = tasks().findById(v1.id()).orElseThrow();
        assertThat(stored.createdAt()).isEqualTo(v1.createdAt());
        assertThat(stored.updatedAt()).isEqualTo(v3.updatedAt());
    }

    @Test
    void aCreatedAtGivenByTheCallerIsKept() {
        Instant imported = Instant.parse("2001-02-03T04:05:06.789Z");
        Task t = tasks().insert(Task.create("imported", Task.Status.OPEN, 1).withCreatedAt(imported));
        assertThat(t.createdAt()).isEqualTo(imported);
        assertThat(t.updatedAt()).isAfter(imported);
        assertThat(tasks().findById(t.id()).orElseThrow().createdAt()).isEqualTo(imported);
    }

    @Test
    void aPojoIsAuditedToo() {
        User u = users().insert(KitData.users().get(0));
        assertThat(u.getCreatedAt()).isNotNull();
        assertThat(u.getUpdatedAt()).isEqualTo(u.getCreatedAt());
        awaitClockAfter(u.getUpdatedAt());
        User changed = u.copy();
        changed.setName("Ann B.");
        User saved = users().save(changed);
        assertThat(saved.getCreatedAt()).isEqualTo(u.getCreatedAt());
        assertThat(saved.getUpdatedAt()).isAfter(u.getUpdatedAt());
        assertThat(users().findById("u1")).contains(saved);
    }

    @Test
    void saveAllSetsTimeStamps() {
        BulkResult<Task> r = tasks().saveAll(List.of(Task.create("a", Task.Status.OPEN, 1), Task.create("b", Task.Status.OPEN, 1)));
        assertThat(r.saved()).allSatisfy(t -> {
            assertThat(t.createdAt()).isNotNull();
            assertThat(t.updatedAt()).isNotNull();
            assertThat(tasks().findById(t.id()).orElseThrow().createdAt()).isEqualTo(t.createdAt());
        });
    }
}
