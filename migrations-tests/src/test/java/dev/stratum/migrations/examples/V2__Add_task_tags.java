package dev.stratum.migrations.examples;

import dev.stratum.api.Filter;
import dev.stratum.api.Update;
import dev.stratum.migrations.Step;
import dev.stratum.migrations.StepMigration;
import java.util.List;

/**
 * Adds {@code tags: []} to every task without tags (null or absent), so the service can drop its null
 * checks. Written as {@code setWhere}, which has no derived undo: the migration is not reversible and
 * {@code undoTo} below it is refused before anything runs. Idempotent per batch: a written task no
 * longer matches {@code tags == null}.
 */
public final class V2__Add_task_tags extends StepMigration {
    /** The migration. */
    public V2__Add_task_tags() {
        super(Step.setWhere(TrackedTask.class, Filter.eq("tags", null), Update.set("tags", List.of())));
    }
}
