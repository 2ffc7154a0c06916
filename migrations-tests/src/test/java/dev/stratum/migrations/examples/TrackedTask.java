package dev.stratum.migrations.examples;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A task of a tracker; {@code tags} was added later, older documents have none until {@link V2__Add_task_tags}. */
@Entity("tasks")
public record TrackedTask(@Id String id, String title, @Nullable List<String> tags) {

    /** The same task with other tags. */
    public TrackedTask withTags(List<String> tags) {
        return new TrackedTask(id, title, tags);
    }
}
