package dev.stratum.migrations.examples;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import java.util.List;

/**
 * Adds {@code tags: []} to every task that has none, so the service can drop its null checks. Not
 * reversible (undo is refused before anything runs); idempotent.
 */
public final class V2__Add_task_tags implements Migration {

    @Override
    public void up(MigrationContext context) {
        Repository<TrackedTask, String> tasks = context.repository(TrackedTask.class);
        List<TrackedTask> untagged = tasks.find(Query.where(Filter.missing("tags")));
        tasks.saveAll(untagged.stream().map(t -> t.withTags(List.of())).toList()).throwIfFailed();
    }
}
