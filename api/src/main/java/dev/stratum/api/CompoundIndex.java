package dev.stratum.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an index over several fields, on the entity type. Prefix a field with {@code -} for
 * descending order.
 *
 * <pre>{@code
 * @Entity("tasks")
 * @CompoundIndex(name = "by_assignee_due", fields = {"assigneeId", "-dueDate"})
 * record Task(...) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(CompoundIndexes.class)
public @interface CompoundIndex {
    /** Index name; derived from the fields when empty. */
    String name() default "";

    /** Field paths, in order; {@code -field} for descending. */
    String[] fields();

    /** Reject a second entity with the same combination of values. */
    boolean unique() default false;

    /** Leave entities without the fields out of the index. */
    boolean sparse() default false;
}
