package dev.stratum.testkit.domain;

import dev.stratum.api.CreatedAt;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.UpdatedAt;
import dev.stratum.api.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A task of the task tracker: a versioned record with a store-assigned String id.
 *
 * <p>{@code title} is deliberately <em>not</em> indexed (the capability checks filter on it to probe
 * {@link dev.stratum.api.Capability#UNINDEXED_FIELDS} and {@link dev.stratum.api.Capability#SCAN});
 * {@code description} carries the full-text index and is otherwise unindexed too. Every other field
 * the kit filters or sorts on is {@link Indexed}.
 *
 * <pre>{@code
 * Task t = tasks.insert(Task.create("Write docs", Task.Status.OPEN, 2).withTags(List.of("docs")));
 * tasks.update(t.withStatus(Task.Status.DONE));
 * }</pre>
 *
 * @param id the id; null until inserted (the store assigns one)
 * @param title the title (unindexed)
 * @param description free text, full-text indexed
 * @param status workflow state
 * @param priority 1 (low) and up
 * @param tags labels; {@code contains} filters run on it
 * @param dueDate when it is due, if ever
 * @param assigneeId the {@link User} working on it, if any
 * @param estimate estimated hours
 * @param customFields user-defined fields (map keys must be legal field names)
 * @param version optimistic-lock version; 0 before the first insert
 * @param createdAt set by the repository on creation
 * @param updatedAt set by the repository on every write
 */
@Entity("kit_tasks")
public record Task(
        @Id @Nullable String id,
        @Nullable String title,
        @Indexed(text = true) @Nullable String description,
        @Indexed @Nullable Status status,
        @Indexed int priority,
        @Indexed @Nullable List<String> tags,
        @Indexed @Nullable Instant dueDate,
        @Indexed @Nullable String assigneeId,
        @Indexed @Nullable BigDecimal estimate,
        @Nullable Map<String, String> customFields,
        @Version long version,
        @CreatedAt @Nullable Instant createdAt,
        @UpdatedAt @Nullable Instant updatedAt) {

    /** Workflow states. */
    public enum Status { OPEN, IN_PROGRESS, BLOCKED, DONE }

    /** A new, not yet stored task (no id, version 0). */
    public static Task create(String title, Status status, int priority) {
        return new Task(null, title, null, status, priority, List.of(), null, null, null, Map.of(), 0, null, null);
    }

    public Task withId(@Nullable String id) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withTitle(@Nullable String title) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withDescription(@Nullable String description) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withStatus(@Nullable Status status) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withPriority(int priority) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withTags(@Nullable List<String> tags) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withDueDate(@Nullable Instant dueDate) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withAssigneeId(@Nullable String assigneeId) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withEstimate(@Nullable BigDecimal estimate) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withCustomFields(@Nullable Map<String, String> customFields) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withVersion(long version) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }

    public Task withCreatedAt(@Nullable Instant createdAt) {
        return new Task(id, title, description, status, priority, tags, dueDate, assigneeId, estimate, customFields, version, createdAt, updatedAt);
    }
}
