package dev.stratum.api.migration;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A migration version: dot-separated non-negative integers compared numerically part by part, so
 * {@code 1 < 1.1 < 1.2 < 1.10 < 2 < 2.0.3}; trailing zeros do not matter ({@code 2 == 2.0}).
 *
 * <pre>{@code
 * MigrationVersion.parse("2.1");
 * MigrationVersion.fromClassName("V2_1__Add_task_tags");   // 2.1
 * }</pre>
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {
    private static final Pattern CLASS_NAME = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.*)");
    private final List<BigInteger> parts;
    private final String text;

    private MigrationVersion(List<BigInteger> parts) {
        List<BigInteger> trimmed = new ArrayList<>(parts);
        while (trimmed.size() > 1 && trimmed.get(trimmed.size() - 1).signum() == 0) {
            trimmed.remove(trimmed.size() - 1);
        }
        this.parts = List.copyOf(trimmed);
        this.text = String.join(".", this.parts.stream().map(BigInteger::toString).toList());
    }

    /** Parses {@code "1"}, {@code "1.1"}, {@code "2.0.3"} (underscores allowed as separators). */
    public static MigrationVersion parse(String version) {
        String v = version.trim().replace('_', '.');
        if (v.startsWith("V") || v.startsWith("v")) {
            v = v.substring(1);
        }
        if (!v.matches("\\d+(\\.\\d+)*")) {
            throw new IllegalArgumentException("invalid migration version '" + version + "': expected numbers separated by dots, e.g. 1, 1.1, 2.0.3");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String p : v.split("\\.")) {
            parts.add(new BigInteger(p));
        }
        return new MigrationVersion(parts);
    }

    /** The version of a class named like {@code V2_1__Add_task_tags}. */
    public static MigrationVersion fromClassName(String simpleName) {
        Matcher m = CLASS_NAME.matcher(simpleName);
        if (!m.matches()) {
            throw new IllegalArgumentException("class name '" + simpleName
                    + "' does not encode a version: name it like V2_1__Add_task_tags or override Migration.version()");
        }
        return parse(m.group(1));
    }

    /** The description encoded in a class name like {@code V2_1__Add_task_tags} ("Add task tags"), or the name itself. */
    public static String descriptionFromClassName(String simpleName) {
        Matcher m = CLASS_NAME.matcher(simpleName);
        return m.matches() ? m.group(2).replace('_', ' ').trim() : simpleName;
    }

    @Override
    public int compareTo(MigrationVersion o) {
        int n = Math.max(parts.size(), o.parts.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < o.parts.size() ? o.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
