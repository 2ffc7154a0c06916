package dev.stratum.testkit.migration;

import dev.stratum.migrations.Step;
import dev.stratum.migrations.StepMigration;
import java.util.List;

/** Adds {@code tags: []} to every task without tags (null or absent). Undo: unset tags that are still empty. */
public final class V2__Add_task_tags extends StepMigration {
    /** The migration. */
    public V2__Add_task_tags() {
        super(Step.addField(StepsTask.class, "tags", List.of()));
    }
}
