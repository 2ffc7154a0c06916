package dev.stratum.migrations.scanned;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Not a migration: records which scanned migrations ran. */
public final class ScanLog {
    /** Versions run, in order. */
    public static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private ScanLog() {}
}
