package dev.stratum.cache.support;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Version;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The decorator tests' entity: a versioned record with a String id and an assignee to tag by. */
@Entity("todos")
public record Todo(@Id @Nullable String id, String title, @Indexed String assigneeId, @Indexed int priority,
        @Nullable BigDecimal estimate, @Nullable Instant due, @Version long version) {

    public static Todo of(String id, String title, String assigneeId) {
        return new Todo(id, title, assigneeId, 1, null, null, 0);
    }

    public Todo withTitle(String t) {
        return new Todo(id, t, assigneeId, priority, estimate, due, version);
    }

    public Todo withAssignee(String a) {
        return new Todo(id, title, a, priority, estimate, due, version);
    }

    public Todo withPriority(int p) {
        return new Todo(id, title, assigneeId, p, estimate, due, version);
    }

    public Todo withEstimate(BigDecimal e, Instant d) {
        return new Todo(id, title, assigneeId, priority, e, d, version);
    }
}
