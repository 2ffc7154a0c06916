package dev.stratum.testkit.domain;

import dev.stratum.api.CreatedAt;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.UpdatedAt;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user of the task tracker, written as a classic mutable POJO (no-arg constructor, getters and
 * setters) so the kit covers that mapping style next to records. Unversioned; its email is unique.
 *
 * <pre>{@code
 * User ann = users.insert(new User(null, "Ann", "ann@example.com", User.Role.ADMIN));
 * users.insert(new User(null, "Ann 2", "ann@example.com", User.Role.MEMBER));   // DuplicateKeyException
 * }</pre>
 */
@Entity("kit_users")
public class User {
    /** What a user may do. */
    public enum Role { ADMIN, MEMBER, GUEST }

    @Id
    private @Nullable String id;
    private @Nullable String name;
    @Indexed(unique = true)
    private @Nullable String email;
    @Indexed
    private @Nullable Role role;
    @Indexed
    private @Nullable LocalDate joinedOn;
    private boolean active;
    @CreatedAt
    private @Nullable Instant createdAt;
    @UpdatedAt
    private @Nullable Instant updatedAt;

    /** For the mapper. */
    public User() {}

    /** An active user. */
    public User(@Nullable String id, String name, String email, Role role) {
        this.id = id;
        this.name = name;
        this.email = email;
        this.role = role;
        this.active = true;
    }

    public @Nullable String getId() {
        return id;
    }

    public void setId(@Nullable String id) {
        this.id = id;
    }

    public @Nullable String getName() {
        return name;
    }

    public void setName(@Nullable String name) {
        this.name = name;
    }

    public @Nullable String getEmail() {
        return email;
    }

    public void setEmail(@Nullable String email) {
        this.email = email;
    }

    public @Nullable Role getRole() {
        return role;
    }

    public void setRole(@Nullable Role role) {
        this.role = role;
    }

    public @Nullable LocalDate getJoinedOn() {
        return joinedOn;
    }

    public void setJoinedOn(@Nullable LocalDate joinedOn) {
        this.joinedOn = joinedOn;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public @Nullable Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(@Nullable Instant createdAt) {
        this.createdAt = createdAt;
    }

    public @Nullable Instant getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(@Nullable Instant updatedAt) {
        this.updatedAt = updatedAt;
    }

    /** A field-by-field copy (handy to keep a stale copy around). */
    public User copy() {
        User u = new User();
        u.id = id;
        u.name = name;
        u.email = email;
        u.role = role;
        u.joinedOn = joinedOn;
        u.active = active;
        u.createdAt = createdAt;
        u.updatedAt = updatedAt;
        return u;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof User u && Objects.equals(id, u.id) && Objects.equals(name, u.name) && Objects.equals(email, u.email)
                && role == u.role && Objects.equals(joinedOn, u.joinedOn) && active == u.active
                && Objects.equals(createdAt, u.createdAt) && Objects.equals(updatedAt, u.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, email, role, joinedOn, active, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", name=" + name + ", email=" + email + ", role=" + role + ", joinedOn=" + joinedOn
                + ", active=" + active + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + "]";
    }
}
