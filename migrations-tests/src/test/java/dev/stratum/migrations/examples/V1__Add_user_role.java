package dev.stratum.migrations.examples;

import dev.stratum.migrations.Step;
import dev.stratum.migrations.StepMigration;

/**
 * Gives every user without a role (null or absent) the role {@code "user"}, as a portable step: it
 * runs unchanged on every store, in checkpointed batches. The derived undo unsets the role where it
 * is {@code "user"}, so roles given otherwise stay. (The same migration on the testkit's entity,
 * {@code dev.stratum.testkit.migration.V1__Add_user_role}, is run on every store by
 * {@code MigrationStepsKit}.)
 */
public final class V1__Add_user_role extends StepMigration {
    static final int BATCH = 500;

    /** The migration. */
    public V1__Add_user_role() {
        super(Step.addField(AppUser.class, "role", "user"));
    }

    @Override
    public int batchSize() {
        return BATCH;
    }
}
