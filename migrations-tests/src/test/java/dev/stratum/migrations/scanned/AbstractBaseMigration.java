package dev.stratum.migrations.scanned;

import dev.stratum.api.migration.Migration;

/** Abstract: not taken. */
public abstract class AbstractBaseMigration implements Migration {}
