package dev.stratum.migrations.scanned;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;

/** Version 2.1, found by scanning. */
public final class V2_1__Add_index implements Migration {
    @Override
    public void up(MigrationContext context) {
        ScanLog.CALLS.add("2.1");
    }
}
