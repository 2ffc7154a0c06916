package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationException;
import java.util.List;

/**
 * The resolved migrations and the store's history disagree: a failed migration, a changed applied
 * migration (both checksums are named), a missing one, or an out-of-order one. Thrown by
 * {@link Migrations#validate()} and, before doing anything, by {@code migrate()} and {@code undoTo()}.
 */
public class MigrationValidationException extends MigrationException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /** Creates the exception from one message per problem. */
    public MigrationValidationException(List<String> problems) {
        super("migration validation failed (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One message per problem. */
    public List<String> problems() {
        return problems;
    }
}
