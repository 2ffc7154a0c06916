package dev.stratum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The monitoring example's code on the in-memory store and on in-process MongoDB, with fewer metrics than its
 * command writes (100,000): the in-memory store scans a TTL collection on every write, so a test of the full
 * count would take minutes there.
 */
class InfraMonitoringTest {
    private static final Instant START = Instant.parse("2026-11-29T06:00:00Z");

    @Test
    void metricsInBatchesOnTheInMemoryStore() {
        try (ExampleStores.Opened opened = ExampleStores.open("memory", "monitoring")) {
            String out = run(opened, 20_000);
            assertThat(out).contains("assets: 18 servers in 2 racks", "written 10,000 / 20,000 metrics", "written 20,000 / 20,000 metrics");
            assertThat(out).contains("hourly rows: 120", "server-0, first 3 hours: 515 metrics in 2 pages, last at 2026-11-29T08:59:54Z");
            assertThat(opened.store().repository(InfraMonitoring.Metric.class).count(dev.stratum.api.Query.all())).isEqualTo(20_000);
        }
    }

    @Test
    void theSameCodeOnMongoDb() {
        try (ExampleStores.Opened opened = ExampleStores.open("mongodb", "monitoring")) {
            String out = run(opened, 5_000);
            assertThat(out).startsWith("infrastructure monitoring on mongodb");
            assertThat(out).contains("written 5,000 / 5,000 metrics", "hourly rows: 120", "server-0, first 3 hours: 126 metrics in 1 pages");
        }
    }

    private static String run(ExampleStores.Opened opened, int count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InfraMonitoring.run(opened.store(), new PrintStream(bytes, true, StandardCharsets.UTF_8), count, START);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
