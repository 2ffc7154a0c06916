package dev.stratum.testkit.migration;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tracker's task whose {@code tags} were added later; {@link V2__Add_task_tags} gives older tasks
 * an empty list.
 *
 * @param id the id
 * @param title the title
 * @param tags the tags, null on tasks written before the migration
 */
@Entity("stratum_steps_tasks")
public record StepsTask(@Id String id, String title, @Nullable List<String> tags) {}
