package dev.stratum.migrations.scanned;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;

/** Version 1, found by scanning. */
public class V1__Create_projects implements Migration {
    @Override
    public void up(MigrationContext context) {
        ScanLog.CALLS.add("1");
    }
}
