package dev.stratum.testkit.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The figures of a run of {@link FaultScenarios} for one store: one {@link Row} per scenario, written as
 * {@code <dir>/<store>.json} and {@code <dir>/<store>.md} (by default {@code target/reliability/}, or the
 * system property {@code stratum.reliability.dir}).
 */
public final class ReliabilityReport {
    private final String store;
    private final List<Row> rows = new ArrayList<>();

    public ReliabilityReport(String store) {
        this.store = store;
    }

    /** Starts the row of {@code scenario}. */
    public synchronized Row row(String scenario) {
        Row r = new Row(scenario);
        rows.add(r);
        return r;
    }

    /** The rows so far. */
    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** One scenario's figures; counters are thread-safe. */
    public static final class Row {
        final String scenario;
        final AtomicLong operations = new AtomicLong();
        final AtomicLong faults = new AtomicLong();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        volatile long ackedButLost;
        volatile long duplicated;
        volatile long recoveryMillis = -1;
        final Map<String, Object> extra = new ConcurrentHashMap<>();
        volatile String notes = "";

        Row(String scenario) {
            this.scenario = scenario;
        }

        public Row operations(long n) {
            operations.addAndGet(n);
            return this;
        }

        public Row faults(long n) {
            faults.addAndGet(n);
            return this;
        }

        /** Counts an error by its class's simple name. */
        public Row error(Throwable t) {
            errors.computeIfAbsent(t.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            return this;
        }

        public Row ackedButLost(long n) {
            ackedButLost = n;
            return this;
        }

        public Row duplicated(long n) {
            duplicated = n;
            return this;
        }

        public Row recoveryMillis(long millis) {
            recoveryMillis = Math.max(recoveryMillis, millis);
            return this;
        }

        /** Another figure (latency percentiles, throughput, thread counts...). */
        public Row put(String name, Object value) {
            extra.put(name, value);
            return this;
        }

        public Row notes(String text) {
            notes = text;
            return this;
        }

        public long errorCount() {
            return errors.values().stream().mapToLong(AtomicLong::get).sum();
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", scenario);
            m.put("operations", operations.get());
            m.put("faultsInjected", faults.get());
            Map<String, Long> e = new TreeMap<>();
            errors.forEach((k, v) -> e.put(k, v.get()));
            m.put("errorsByType", e);
            m.put("ackedButLost", ackedButLost);
            m.put("duplicated", duplicated);
            m.put("recoveryMillis", recoveryMillis);
            m.put("figures", new TreeMap<>(extra));
            m.put("notes", notes);
            return m;
        }
    }

    /** The directory reports go to. */
    public static Path directory() {
        return Path.of(System.getProperty("stratum.reliability.dir", "target/reliability"));
    }

    /** Writes {@code <store>.json} and {@code <store>.md} into {@link #directory()}. */
    public synchronized void write() {
        Path dir = directory();
        try {
            Files.createDirectories(dir);
            List<Map<String, Object>> list = rows.stream().map(Row::asMap).toList();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("store", store);
            doc.put("profile", FaultScenarios.Profile.current().name().toLowerCase(Locale.ROOT));
            doc.put("scenarios", list);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(store + ".json").toFile(), doc);
            Files.writeString(dir.resolve(store + ".md"), markdown(list));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reliability report to " + dir, e);
        }
    }

    @SuppressWarnings("unchecked")
    private String markdown(List<Map<String, Object>> list) {
        StringBuilder sb = new StringBuilder("## ").append(store).append(" (profile ")
                .append(FaultScenarios.Profile.current().name().toLowerCase(Locale.ROOT)).append(")\n\n")
                .append("| scenario | operations | faults | errors by type | acked-but-lost | duplicated | recovery ms | figures | notes |\n")
                .append("| --- | ---: | ---: | --- | ---: | ---: | ---: | --- | --- |\n");
        for (Map<String, Object> m : list) {
            sb.append("| ").append(m.get("scenario")).append(" | ").append(m.get("operations")).append(" | ").append(m.get("faultsInjected"))
                    .append(" | ").append(m.get("errorsByType")).append(" | ").append(m.get("ackedButLost")).append(" | ")
                    .append(m.get("duplicated")).append(" | ").append(m.get("recoveryMillis")).append(" | ")
                    .append(String.valueOf(m.get("figures")).replace("|", "/")).append(" | ")
                    .append(String.valueOf(m.get("notes")).replace("|", "/")).append(" |\n");
        }
        return sb.toString();
    }
}
