package dev.stratum.testkit.migration;

import dev.stratum.migrations.Step;
import dev.stratum.migrations.StepMigration;

/**
 * Gives every user without a role (null or absent) the role {@code "user"}; the derived undo unsets
 * the role where it is {@code "user"}, so roles given otherwise (e.g. {@code "admin"}) stay. Runs
 * unchanged on every store.
 */
public final class V1__Add_user_role extends StepMigration {
    /** The migration. */
    public V1__Add_user_role() {
        super(Step.addField(StepsUser.class, "role", "user"));
    }
}
