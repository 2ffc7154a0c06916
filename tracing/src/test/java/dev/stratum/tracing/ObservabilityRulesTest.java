package dev.stratum.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.cache.CacheConfig;
import dev.stratum.cache.support.FakeRemoteCache;
import dev.stratum.cache.support.MapRepository;
import dev.stratum.cache.support.Todo;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules and the Grafana dashboard in {@code docs/observability/} use only metric names and
 * labels that the decorators really emit: the test drives a cached, traced repository through hits,
 * misses, loads and a failure on an OpenTelemetry SDK, turns what the SDK collected into the names the
 * SDK's Prometheus exporter publishes (dots to underscores, {@code _seconds} for unit {@code s}, {@code _total}
 * for counters, {@code _bucket}/{@code _sum}/{@code _count} for histograms, attribute keys as labels) and
 * checks every name the PromQL of the rules and the dashboard mentions against them.
 *
 * <p>{@code promtool check rules} runs when {@code promtool} is on the PATH (Debian's {@code prometheus}
 * package; {@code .ci/run} installs it); without it that one test is skipped and says so, the name checks
 * still run.
 */
class ObservabilityRulesTest {
    private static final Path DOCS = Path.of("..", "docs", "observability");
    private static final Path RULES = DOCS.resolve("stratum-alerts.yml");
    private static final Path DASHBOARD = DOCS.resolve("stratum-dashboard.json");
    /** Labels Prometheus or the exporter add, and histogram buckets' {@code le}. */
    private static final Set<String> SCRAPE_LABELS = Set.of("le", "job", "instance", "otel_scope_name", "otel_scope_version");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"");
    private static final Pattern LABEL_LIST = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)|\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "by", "rate", "histogram_quantile", "ignoring", "group_left", "offset",
            "and", "on", "without", "or", "unless", "group_right", "avg", "max", "min", "count", "increase", "irate", "bool");

    /**
     * Emitted by the migrations engine, not by these decorators: {@code LockProtocolTest} (migrations-tests)
     * checks this exported name and its {@code db_system_name} label on a lost lease.
     */
    static final String MIGRATION_LEASE_LOST = "stratum_migration_lease_lost_total";

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private OpenTelemetrySdk otel;

    @BeforeEach
    void emit() {
        otel = OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
        MapRepository<Todo, String> store = MapRepository.todos();
        store.insert(Todo.of("a", "A", "42"));
        Repository<Todo, String> tasks = Repositories.decorate(store).with(CacheConfig.<Todo>builder().build())
                .with(TracingConfig.builder(otel).disableSlowOperationLog().build()).build();
        tasks.findById("a");                                   // miss and load
        tasks.findById("a");                                   // hit
        tasks.find(Query.all());
        // a second cache whose L2 is down: it fails open (stratum.cache.remote.up = 0, errors counted)
        FakeRemoteCache down = new FakeRemoteCache();
        down.mode(FakeRemoteCache.Mode.FAILING);
        Repository<Todo, String> withL2 = Repositories.decorate(MapRepository.todos()).with(CacheConfig.<Todo>builder().remote(down).build())
                .with(TracingConfig.builder(otel).disableSlowOperationLog().build()).build();
        withL2.findById("a");
        assertThatThrownBy(() -> tasks.insert(Todo.of("a", "dup", "1"))).isInstanceOf(DuplicateKeyException.class); // error.type
    }

    @AfterEach
    void close() {
        otel.close();
    }

    /** The series names and labels the Prometheus exporter publishes for what the SDK collected. */
    private record Exported(Set<String> metrics, Set<String> labels) {}

    private Exported exported() {
        Set<String> metrics = new TreeSet<>(Set.of(MIGRATION_LEASE_LOST));
        Set<String> labels = new TreeSet<>(SCRAPE_LABELS);
        for (MetricData m : reader.collectAllMetrics()) {
            String base = m.getName().replaceAll("[^a-zA-Z0-9_:]", "_");
            if (m.getUnit().equals("s")) {
                base += "_seconds";
            }
            if (m.getType() == MetricDataType.HISTOGRAM) {
                metrics.addAll(List.of(base + "_bucket", base + "_sum", base + "_count"));
            } else if (m.getType() == MetricDataType.LONG_SUM || m.getType() == MetricDataType.DOUBLE_SUM) {
                metrics.add(base + "_total");
            } else {
                metrics.add(base);
            }
            for (PointData p : m.getData().getPoints()) {
                p.getAttributes().forEach((k, v) -> labels.add(k.getKey().replaceAll("[^a-zA-Z0-9_]", "_")));
            }
        }
        return new Exported(metrics, labels);
    }

    @Test
    void theDecoratorsEmitWhatTheRulesAreBuiltOn() {
        Exported e = exported();
        assertThat(e.metrics()).contains("db_client_operation_duration_seconds_bucket", "db_client_operation_duration_seconds_count",
                "stratum_cache_hits_total", "stratum_cache_misses_total", "stratum_cache_loads_total",
                "stratum_cache_remote_up", "stratum_cache_remote_errors_total");
        assertThat(e.labels()).contains("db_system_name", "db_operation_name", "db_collection_name", "error_type", "stratum_cache_hit");
    }

    @Test
    void everyNameInTheAlertRulesIsEmitted() throws IOException {
        List<String> expressions = new ArrayList<>();
        Set<String> recorded = new TreeSet<>();
        List<String> lines = Files.readAllLines(RULES, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("- record:")) {
                recorded.add(line.substring("- record:".length()).trim());
            } else if (line.startsWith("expr: |")) {
                int indent = indentOf(lines.get(i));
                StringBuilder block = new StringBuilder();
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indentOf(lines.get(i + 1)) > indent)) {
                    block.append(lines.get(++i)).append('\n');
                }
                expressions.add(block.toString());
            } else if (line.startsWith("expr:")) {
                expressions.add(line.substring("expr:".length()));
            } else if (line.startsWith("summary:") || line.startsWith("description:")) {
                expressions.add(templateLabels(line));
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(6);
        assertThat(recorded).isNotEmpty();
        checkNames("stratum-alerts.yml", expressions, recorded);
    }

    @Test
    void everyNameInTheDashboardIsEmitted() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as("targets of panel %s", panel.path("title")).isPositive();
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
                expressions.add(templateLabels(target.path("legendFormat").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                String q = variable.path("query").asText();
                Matcher m = Pattern.compile("label_values\\(([^,]+),\\s*([^)]+)\\)").matcher(q);
                assertThat(m.matches()).as(q).isTrue();
                expressions.add(m.group(1) + "{" + m.group(2).trim() + "=\"\"}");
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(6);
        checkNames("stratum-dashboard.json", expressions, Set.of());
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Assumptions.assumeTrue(onPath("promtool"), "promtool is not on the PATH (apt-get install prometheus; .ci/run does): rules not checked by promtool");
        Process p = new ProcessBuilder("promtool", "check", "rules", RULES.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
    }

    private void checkNames(String file, List<String> expressions, Set<String> recorded) {
        Exported e = exported();
        Set<String> unknownMetrics = new TreeSet<>();
        Set<String> unknownLabels = new TreeSet<>();
        for (String expr : expressions) {
            String code = expr.replaceAll("\"[^\"]*\"", "\"\"");           // label values are not names
            Set<String> labelsHere = new TreeSet<>();
            Matcher matcher = LABEL_MATCHER.matcher(expr);
            while (matcher.find()) {
                labelsHere.add(matcher.group(1));
            }
            Matcher lists = LABEL_LIST.matcher(code);
            while (lists.find()) {
                for (String l : lists.group(2).split(",")) {
                    if (!l.isBlank()) {
                        labelsHere.add(l.trim());
                    }
                }
            }
            for (String l : labelsHere) {
                if (!e.labels().contains(l)) {
                    unknownLabels.add(l);
                }
            }
            String names = code.replaceAll("\\[[^]]*]", "").replaceAll("\\{[^}]*}", "").replaceAll("\\$[a-zA-Z_]+", "");
            names = LABEL_LIST.matcher(names).replaceAll("$1()");
            Matcher ids = IDENTIFIER.matcher(names);
            while (ids.find()) {
                String id = ids.group();
                boolean number = ids.start() > 0 && Character.isDigit(names.charAt(ids.start() - 1));
                if (number || PROMQL_WORDS.contains(id) || recorded.contains(id) || id.matches("\\d.*|[smhdwy]|e")) {
                    continue;
                }
                if (!e.metrics().contains(id) && !e.labels().contains(id)) {
                    unknownMetrics.add(id);
                }
            }
        }
        assertThat(unknownMetrics).as("metric names in %s that nothing emits (emitted: %s)", file, e.metrics()).isEmpty();
        assertThat(unknownLabels).as("labels in %s that nothing emits (emitted: %s)", file, e.labels()).isEmpty();
    }

    /** Label names in {{ $labels.x }} and Grafana's {{x}} legend templates, as a label list for the check. */
    private static String templateLabels(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = TEMPLATE_LABEL.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (!name.equals("value")) {
                names.add(name);
            }
        }
        return names.isEmpty() ? "" : "by (" + String.join(", ", names) + ")";
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
