package dev.stratum.migrations.scanned.more;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.migrations.scanned.ScanLog;

/** Version 3, in a sub-package. */
public class V3__Deeper implements Migration {
    @Override
    public void up(MigrationContext context) {
        ScanLog.CALLS.add("3");
    }
}
