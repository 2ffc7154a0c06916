package dev.stratum.testkit.internal;

import dev.stratum.testkit.domain.AllTypes;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.Metric;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.Task.Status;
import dev.stratum.testkit.domain.User;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The kit's standard datasets. The expectations written in the groups (which ids a filter matches,
 * which order a sort gives) are derived from these by hand, so change them only together.
 */
@SuppressWarnings("NullAway") // test data: nulls on purpose, in fields the entity types declare non-null
public final class KitData {
    private KitData() {}

    /** Far enough in the future that no TTL or clock matters. */
    public static final Instant DUE_T1 = Instant.parse("2030-01-01T10:00:00Z");

    /**
     * Six tasks with ids {@code t1..t6}:
     *
     * <pre>
     * id  status       prio tags              dueDate                   assignee estimate
     * t1  OPEN         1    [docs]            2030-01-01T10:00:00Z      ann      1.5
     * t2  IN_PROGRESS  5    [backend,urgent]  2030-01-02T09:30:00Z      bob      8
     * t3  OPEN         3    []                null                      null     null
     * t4  DONE         10   [backend,db]      2029-12-31T23:59:59.999Z  ann      13.25
     * t5  BLOCKED      2    [review]          2030-02-01T00:00:00Z      cara     0.5
     * t6  OPEN         5    [ops,urgent]      2030-01-15T12:00:00Z      bob      3
     * </pre>
     *
     * Full text: "postgres" only in t4's description, "outage" in t2's and t6's; t3 has none.
     */
    public static List<Task> tasks() {
        return List.of(
                task("t1", "Write docs", "Document the public API and the quickstart", Status.OPEN, 1, List.of("docs"),
                        DUE_T1, "ann", "1.5"),
                task("t2", "Fix login bug", "Users cannot log in after a password reset; outage reported by support",
                        Status.IN_PROGRESS, 5, List.of("backend", "urgent"), Instant.parse("2030-01-02T09:30:00Z"), "bob", "8"),
                task("t3", "Plan sprint", null, Status.OPEN, 3, List.of(), null, null, null),
                task("t4", "Upgrade database", "Move the Postgres cluster to version 16", Status.DONE, 10,
                        List.of("backend", "db"), Instant.parse("2029-12-31T23:59:59.999Z"), "ann", "13.25"),
                task("t5", "Review pull request", "Check the paging changes", Status.BLOCKED, 2, List.of("review"),
                        Instant.parse("2030-02-01T00:00:00Z"), "cara", "0.5"),
                task("t6", "Deploy release", "Roll out to production after the outage review", Status.OPEN, 5,
                        List.of("ops", "urgent"), Instant.parse("2030-01-15T12:00:00Z"), "bob", "3"));
    }

    private static Task task(String id, String title, String description, Status status, int priority, List<String> tags,
            Instant due, String assignee, String estimate) {
        return new Task(id, title, description, status, priority, tags, due, assignee, estimate == null ? null : new BigDecimal(estimate),
                Map.of(), 0, null, null);
    }

    /**
     * Five assets with ids 1..5:
     *
     * <pre>
     * id hostname  kind     region   data
     * 1  web-01    SERVER   eu-west  {cpu: 0.5, mem: 1024}
     * 2  web-02    VM       eu-west  {cpu: null, mem: 2048}
     * 3  db-01     STORAGE  us-east  {}
     * 4  api.eu-1  SERVER   us-east  {cpu: 0.9, disks: ["sda", "sdb"]}
     * 5  apixeu-2  SWITCH   (none)   null
     * </pre>
     *
     * So {@code data.cpu} is present on 1 and 4, null on 2, absent on 3 and 5; and hostnames hold a
     * regex metacharacter ({@code "api."} must not match {@code "apixeu-2"}).
     */
    public static List<Asset> assets() {
        Map<String, Object> nullCpu = new HashMap<>();
        nullCpu.put("cpu", null);
        nullCpu.put("mem", 2048);
        return List.of(
                new Asset(1L, "web-01", Asset.Kind.SERVER, new Asset.Location("eu-west", "r1", 10), Map.of("cpu", 0.5, "mem", 1024)),
                new Asset(2L, "web-02", Asset.Kind.VM, new Asset.Location("eu-west", "r1", 11), nullCpu),
                new Asset(3L, "db-01", Asset.Kind.STORAGE, new Asset.Location("us-east", "r7", 1), Map.of()),
                new Asset(4L, "api.eu-1", Asset.Kind.SERVER, new Asset.Location("us-east", "r7", 2),
                        Map.of("cpu", 0.9, "disks", List.of("sda", "sdb"))),
                new Asset(5L, "apixeu-2", Asset.Kind.SWITCH, null, null));
    }

    /**
     * Four users u1..u4 (ann, bob, cara, dan @example.com); joined 2019-03-01, 2021-07-15, 2020-01-31
     * and never (null).
     */
    public static List<User> users() {
        return List.of(
                user("u1", "Ann", "ann@example.com", User.Role.ADMIN, LocalDate.of(2019, 3, 1)),
                user("u2", "Bob", "bob@example.com", User.Role.MEMBER, LocalDate.of(2021, 7, 15)),
                user("u3", "Cara", "cara@example.com", User.Role.MEMBER, LocalDate.of(2020, 1, 31)),
                user("u4", "Dan", "dan@example.com", User.Role.GUEST, null));
    }

    /** A user with these values. */
    public static User user(String id, String name, String email, User.Role role, LocalDate joinedOn) {
        User u = new User(id, name, email, role);
        u.setJoinedOn(joinedOn);
        return u;
    }

    /** Base time of generated metrics. */
    public static final Instant METRICS_START = Instant.parse("2026-11-01T00:00:00Z");

    /** {@code n} metrics of series {@code cpu.load}, one per second from {@link #METRICS_START}, value {@code i % 100}. */
    public static List<Metric> metrics(int n) {
        List<Metric> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Metric(null, METRICS_START.plusSeconds(i), "cpu.load", new Metric.Meta("web-01", Map.of("dc", "eu-west")),
                    i % 100));
        }
        return out;
    }

    /** Metrics whose values sort differently as numbers and as text: -20, -1.5, 0.25, 2.5, 10, 100.5 (shuffled). */
    public static List<Metric> signedMetrics() {
        double[] values = {2.5, -1.5, 100.5, 0.25, -20, 10};
        List<Metric> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new Metric(null, METRICS_START.plusSeconds(i), "temp", new Metric.Meta("sensor-" + i, Map.of()), values[i]));
        }
        return out;
    }

    /** Every value type at a typical, non-trivial value (instant with nanoseconds: expect millisecond truncation). */
    public static AllTypes fullAllTypes(UUID id) {
        byte[] blob = new byte[256];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) i;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("str", "x");
        attributes.put("int", 42);
        attributes.put("beyondDouble", 9_007_199_254_740_993L);
        attributes.put("dbl", 2.5);
        attributes.put("bool", false);
        attributes.put("nul", null);
        attributes.put("list", Arrays.asList(1, "two", null, Map.of("k", "v"), List.of()));
        attributes.put("nested", Map.of("deeper", Map.of("deepest", "y", "名前", "値 🙂")));
        attributes.put("emptyMap", Map.of());
        attributes.put("emptyList", List.of());
        AllTypes.Address home = new AllTypes.Address("1 Main St", "Zürich", List.of("8001", "8002"));
        AllTypes.Address office = new AllTypes.Address("Bahnhofstrasse 3", "Genève", List.of());
        return new AllTypes(id, "Ünïcödé ✓ 数据库 🚀 עברית", true, 123_456, 9_876_543_210L, Math.PI,
                new BigDecimal("12345678901234567890.123456789"), Instant.parse("2024-02-29T13:14:15.123456789Z"),
                LocalDate.of(2024, 2, 29), UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), AllTypes.Level.CRITICAL, blob,
                home, List.of("a", "", "🙂", "数据"), List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE), List.of(home, office), attributes,
                Map.of("a", 1, "b", -2), Map.of("home", home, "office", office), 7, Boolean.FALSE);
    }

    /** Extremes of the numeric and temporal types. */
    public static AllTypes extremeAllTypes(UUID id) {
        return new AllTypes(id, "", false, Integer.MIN_VALUE, Long.MIN_VALUE, -Double.MAX_VALUE,
                new BigDecimal("-0.000000000000000000001"), Instant.parse("1969-07-20T20:17:40.500Z"), LocalDate.of(1900, 1, 1),
                new UUID(0, 0), AllTypes.Level.LOW, new byte[0], new AllTypes.Address("", "", List.of()), List.of(), List.of(),
                List.of(), Map.of(), Map.of(), Map.of(), Integer.MAX_VALUE, Boolean.TRUE);
    }

    /** Strings that break naive encoders: emoji (with ZWJ), CJK, RTL, combining marks, control characters. */
    public static List<String> unicodeSamples() {
        return List.of("👩‍💻🚀✨", "数据库と検索エンジン", "مرحبا بالعالم", "שָׁלוֹם", "e\u0301 (combining)", "tab\tnew\nline\r",
                "quote\" backslash\\ slash/", "\uD834\uDD1E musical", "NBSP\u00A0ZWSP\u200B", "Ω≈ç√∫˜µ≤≥÷");
    }

    /**
     * A string of exactly {@code utf8Bytes} UTF-8 bytes mixing ASCII, two-byte, three-byte and
     * four-byte characters, so stores that count characters instead of bytes are caught.
     */
    public static String stringOfUtf8Bytes(int utf8Bytes) {
        String block = "Stratum-ü-数-🚀-"; // 1+...: ASCII, 2-byte ü, 3-byte 数, 4-byte 🚀
        int blockBytes = block.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder sb = new StringBuilder(utf8Bytes);
        int bytes = 0;
        while (bytes + blockBytes <= utf8Bytes) {
            sb.append(block);
            bytes += blockBytes;
        }
        while (bytes < utf8Bytes) {
            sb.append('x');
            bytes++;
        }
        return sb.toString();
    }
}
