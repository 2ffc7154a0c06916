package dev.stratum.migrations.scanned;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;

/** Package-private class and constructor: still instantiated. */
final class V5__Package_private implements Migration {
    V5__Package_private() {}

    @Override
    public void up(MigrationContext context) {
        ScanLog.CALLS.add("5");
    }
}
