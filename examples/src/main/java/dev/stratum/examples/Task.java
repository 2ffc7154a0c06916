package dev.stratum.examples;

import dev.stratum.api.CreatedAt;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Version;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The quickstart's entity: a task in a tracker. */
@Entity("tasks")
public record Task(
        @Id @Nullable String id,
        String title,
        @Indexed Status status,
        @Indexed int priority,
        @Indexed List<String> tags,
        @Version long version,
        @CreatedAt @Nullable Instant createdAt) {

    /** Workflow states. */
    public enum Status { OPEN, IN_PROGRESS, DONE }

    public static Task open(String title, int priority, String... tags) {
        return new Task(null, title, Status.OPEN, priority, List.of(tags), 0, null);
    }

    public Task withStatus(Status s) {
        return new Task(id, title, s, priority, tags, version, createdAt);
    }
}
