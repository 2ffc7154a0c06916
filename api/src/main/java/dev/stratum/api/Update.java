package dev.stratum.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable partial update of one or more fields, applied atomically to a stored entity by
 * {@link Repository#update(Object, Update)} and {@link Repository#updateAll(Query, Update)} — no
 * read-modify-write in the application.
 *
 * <pre>{@code
 * Task done = tasks.update(id, Update.set("status", Status.DONE).inc("priority", 1).push("tags", "shipped").unset("dueDate"));
 * long n = tasks.updateAll(Query.where(Filter.eq("status", Status.OPEN)), Update.set("assigneeId", "bob"));
 * }</pre>
 *
 * <ul>
 *   <li>{@code set(path, value)} replaces the value at {@code path} (nested paths create missing
 *       intermediate objects);
 *   <li>{@code inc(path, n)} adds {@code n} to a numeric field (an absent field becomes {@code n});
 *   <li>{@code push(path, value)} appends to a list field (an absent field becomes a one-element list);
 *   <li>{@code unset(path)} removes the field (it reads back as null); primitive fields cannot be unset.
 * </ul>
 *
 * <p>Every path is checked against the entity and every value against the field's type before any
 * I/O ({@link InvalidQueryException}); the id, the {@link Version} and the {@link CreatedAt}/
 * {@link UpdatedAt} fields cannot be named: the repository maintains them (the version is
 * incremented and {@code @UpdatedAt} set by every update). A path may appear once, and no path may
 * be a prefix of another.
 */
public final class Update {
    private final List<Operation> operations;

    private Update(List<Operation> operations) {
        this.operations = operations;
    }

    /** Kinds of {@link Operation}. */
    public enum Kind { SET, INC, PUSH, UNSET }

    /**
     * One change of an update.
     *
     * @param kind what to do
     * @param path the field path ({@code "status"}, {@code "location.rack"})
     * @param value the value to set or push, the increment, or null for {@link Kind#UNSET}
     */
    public record Operation(Kind kind, String path, @Nullable Object value) {
        public Operation {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
        }
    }

    /** An update setting {@code path} to {@code value} (null stores null). */
    public static Update set(String path, @Nullable Object value) {
        return new Update(List.of()).and(Kind.SET, path, value);
    }

    /** An update adding {@code amount} to the number at {@code path}. */
    public static Update increment(String path, Number amount) {
        return new Update(List.of()).inc(path, amount);
    }

    /** An update appending {@code value} to the list at {@code path}. */
    public static Update pushing(String path, Object value) {
        return new Update(List.of()).push(path, value);
    }

    /** An update removing {@code path}. */
    public static Update unsetting(String path) {
        return new Update(List.of()).unset(path);
    }

    /** This update, also setting {@code path} to {@code value}. */
    public Update andSet(String path, @Nullable Object value) {
        return and(Kind.SET, path, value);
    }

    /** This update, also adding {@code amount} to the number at {@code path}. */
    public Update inc(String path, Number amount) {
        return and(Kind.INC, path, Objects.requireNonNull(amount, "amount"));
    }

    /** This update, also appending {@code value} to the list at {@code path}. */
    public Update push(String path, Object value) {
        return and(Kind.PUSH, path, Objects.requireNonNull(value, "value"));
    }

    /** This update, also removing {@code path}. */
    public Update unset(String path) {
        return and(Kind.UNSET, path, null);
    }

    private Update and(Kind kind, String path, @Nullable Object value) {
        Objects.requireNonNull(path, "path");
        for (Operation o : operations) {
            if (o.path().equals(path) || o.path().startsWith(path + ".") || path.startsWith(o.path() + ".")) {
                throw new InvalidQueryException("update names '" + path + "' and '" + o.path() + "': each field may be changed once");
            }
        }
        List<Operation> next = new ArrayList<>(operations.size() + 1);
        next.addAll(operations);
        next.add(new Operation(kind, path, value));
        return new Update(List.copyOf(next));
    }

    /** The changes, in the order given. */
    public List<Operation> operations() {
        return operations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Update u && u.operations.equals(operations);
    }

    @Override
    public int hashCode() {
        return operations.hashCode();
    }

    /** The paths and kinds, values elided (safe for logs). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Update[");
        for (int i = 0; i < operations.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(operations.get(i).kind().name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(operations.get(i).path());
        }
        return sb.append(']').toString();
    }
}
