package dev.stratum.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.migration.MigrationException;
import dev.stratum.migrations.event.MigrationEvent;
import dev.stratum.migrations.event.MigrationListener;
import dev.stratum.migrations.event.RunEvent;
import dev.stratum.testkit.migration.TestMigration;
import dev.stratum.testkit.memory.InMemoryStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenersAndTracingTest {
    final InMemoryStore store = InMemoryStore.create();
    final List<String> events = new CopyOnWriteArrayList<>();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();

    final MigrationListener recorder = new MigrationListener() {
        @Override
        public void runStarted(RunEvent run) {
            events.add("run started " + run.operation() + " on " + run.store() + " by " + run.owner());
        }

        @Override
        public void runSucceeded(RunEvent run, MigrationResult result) {
            events.add("run succeeded " + result.versions());
        }

        @Override
        public void runFailed(RunEvent run, Throwable error) {
            events.add("run failed " + error.getClass().getSimpleName());
        }

        @Override
        public void migrationStarted(MigrationEvent event) {
            events.add("started " + event.step());
        }

        @Override
        public void migrationSucceeded(MigrationEvent event, dev.stratum.migrations.ExecutedMigration executed) {
            events.add("succeeded " + executed.step());
        }

        @Override
        public void migrationFailed(MigrationEvent event, Throwable error) {
            events.add("failed " + event.step() + ": " + error.getMessage());
        }
    };

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    Migrations engine(TestMigration... migrations) {
        return Migrations.builder().target(store).owner("me").openTelemetry(otel).listener(recorder).migrations(migrations).build();
    }

    static TestMigration ok(String version) {
        return TestMigration.of(version, "step " + version, ctx -> {}).withDown(ctx -> {});
    }

    @Test
    void listenersHearRunsAndMigrations() {
        engine(ok("1"), ok("2")).migrate();
        assertThat(events).containsExactly("run started MIGRATE on memory by me", "started up 1 (step 1)", "succeeded up 1 (step 1)",
                "started up 2 (step 2)", "succeeded up 2 (step 2)", "run succeeded [1, 2]");
    }

    @Test
    void listenersHearFailures() {
        TestMigration bad = TestMigration.of("2", "bad", ctx -> {
            throw new IllegalStateException("nope");
        });
        assertThatThrownBy(() -> engine(ok("1"), bad).migrate()).isInstanceOf(MigrationException.class);
        assertThat(events).containsExactly("run started MIGRATE on memory by me", "started up 1 (step 1)", "succeeded up 1 (step 1)",
                "started up 2 (bad)", "failed up 2 (bad): nope", "run failed MigrationException");
        events.clear();
        assertThatThrownBy(() -> engine(ok("1"), bad).migrate()).isInstanceOf(MigrationValidationException.class);
        assertThat(events).containsExactly("run started MIGRATE on memory by me", "run failed MigrationValidationException");
    }

    @Test
    void aThrowingListenerNeverFailsTheRun() {
        MigrationListener broken = new MigrationListener() {
            @Override
            public void migrationStarted(MigrationEvent event) {
                throw new IllegalStateException("listener bug");
            }
        };
        MigrationResult result = Migrations.builder().target(store).listener(broken).listener(MigrationListener.logging()).migrations(ok("1")).build()
                .migrate();
        assertThat(result.count()).isEqualTo(1);
    }

    @Test
    void eachMigrationIsASpan() {
        engine(ok("1"), ok("1.1")).migrate();
        engine(ok("1"), ok("1.1")).undoTo("1");

        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).extracting(SpanData::getName).containsExactly("migrate 1", "migrate 1.1", "undo 1.1");
        SpanData first = finished.get(0);
        assertThat(first.getInstrumentationScopeInfo().getName()).isEqualTo("dev.stratum.migrations");
        assertThat(first.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo("memory");
        assertThat(first.getAttributes().get(AttributeKey.stringKey("stratum.migration.version"))).isEqualTo("1");
        assertThat(first.getAttributes().get(AttributeKey.stringKey("stratum.migration.description"))).isEqualTo("step 1");
        assertThat(first.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(finished.get(2).getAttributes().get(AttributeKey.stringKey("stratum.migration.direction"))).isEqualTo("down");
    }

    @Test
    void failedMigrationSpanHasErrorType() {
        TestMigration bad = TestMigration.of("3", "bad", ctx -> {
            throw new IllegalArgumentException("no");
        });
        assertThatThrownBy(() -> engine(bad).migrate()).isInstanceOf(MigrationException.class);
        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getName()).isEqualTo("migrate 3");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(span.getEvents()).extracting(e -> e.getName()).contains("exception");
    }

    @Test
    void migrationCodeRunsInsideItsSpan() {
        List<String> traceIds = new CopyOnWriteArrayList<>();
        engine(TestMigration.of("1", "traced", ctx -> traceIds.add(io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId()))).migrate();
        assertThat(traceIds).containsExactly(spans.getFinishedSpanItems().get(0).getTraceId());
    }
}
