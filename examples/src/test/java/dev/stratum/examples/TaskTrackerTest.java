package dev.stratum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.cache.CacheStatistics;
import dev.stratum.testkit.redis.RedisTestServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The task tracker on in-process MongoDB with a real Redis L2: migrations, cache-aside with invalidation, spans and metrics. */
class TaskTrackerTest {

    @Test
    void cacheAsideWithInvalidationMigrationsAndTracing() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        InMemoryMetricReader metrics = InMemoryMetricReader.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build()).build();
                ExampleStores.Opened mongo = ExampleStores.open("mongodb", "tracker")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CacheStatistics stats = TaskTracker.run(mongo.store(), RedisTestServer.shared().uri(), otel,
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("migrations applied: [1, 2]", "alice's role: member");
            assertThat(out).contains("alice: [Book flights, Write the report] (from MongoDB)", "alice: [Book flights, Write the report] (from the cache)");
            assertThat(out).contains("after create: [Book flights, Call the plumber, Write the report]",
                    "after update: [Book flights=OPEN, Call the plumber=DONE, Write the report=OPEN]",
                    "after delete: [Book flights, Write the report]");
            assertThat(stats.hitCount()).as("the second read of alice's tasks").isGreaterThanOrEqualTo(1);
            assertThat(stats.invalidationCount()).as("create, update and delete invalidate").isGreaterThanOrEqualTo(3);
            // stats.errorCount() is not asserted: an L2 call slower than remoteTimeout (50 ms) on a loaded machine counts
            // as an error and fails open, which the outputs above show changes nothing
            assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains("find tracker_tasks", "insert tracker_tasks",
                    "update tracker_tasks", "delete tracker_tasks");
            assertThat(metrics.collectAllMetrics()).extracting(MetricData::getName).contains("db.client.operation.duration", "stratum.cache.hits");
        }
    }

    @Test
    void theCommandRunsIt() {
        TaskTracker.main(new String[0]);
    }
}
