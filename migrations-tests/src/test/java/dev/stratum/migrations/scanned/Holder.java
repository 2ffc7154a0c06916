package dev.stratum.migrations.scanned;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;

/** Nested classes: only the static one is a usable migration. */
public final class Holder {
    private Holder() {}

    /** Version 4: a static member class is taken. */
    public static final class V4__Nested implements Migration {
        @Override
        public void up(MigrationContext context) {
            ScanLog.CALLS.add("4");
        }
    }

    /** An inner (non-static) class needs an enclosing instance: not taken. */
    public final class V40__Inner implements Migration {
        @Override
        public void up(MigrationContext context) {
            ScanLog.CALLS.add("40");
        }
    }
}
