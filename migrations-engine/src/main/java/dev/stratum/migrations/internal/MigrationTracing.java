package dev.stratum.migrations.internal;

import dev.stratum.migrations.MigrationStep;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * One span per migration, through the OpenTelemetry API (a no-op unless the application passes an
 * SDK-backed {@link OpenTelemetry}): {@code migrate {version}} or {@code undo {version}}, with
 * {@code db.system.name}, {@code stratum.migration.version}, {@code stratum.migration.description}
 * and, on failure, {@code error.type} and an ERROR status.
 */
final class MigrationTracing {
    /** The instrumentation scope name. */
    static final String SCOPE = "dev.stratum.migrations";
    static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> VERSION = AttributeKey.stringKey("stratum.migration.version");
    static final AttributeKey<String> DESCRIPTION = AttributeKey.stringKey("stratum.migration.description");
    static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("stratum.migration.direction");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final String system;

    MigrationTracing(OpenTelemetry openTelemetry, String system) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.system = system;
    }

    Span start(MigrationStep step) {
        String verb = step.direction() == MigrationStep.Direction.UP ? "migrate " : "undo ";
        return tracer.spanBuilder(verb + step.version())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(DB_SYSTEM_NAME, system)
                .setAttribute(VERSION, step.version().toString())
                .setAttribute(DESCRIPTION, step.description())
                .setAttribute(DIRECTION, step.direction() == MigrationStep.Direction.UP ? "up" : "down")
                .startSpan();
    }

    /**
     * Counts a lost migration lease as {@code stratum.migration.lease.lost} (attribute {@code db.system.name}):
     * a runner held the lock past its lease (renewals failed until it expired, or another runner took it
     * over), so its run stops at its next fenced write. The alert rule in {@code docs/observability} fires on it.
     */
    static void leaseLost(OpenTelemetry openTelemetry, String system) {
        openTelemetry.getMeter(SCOPE).counterBuilder("stratum.migration.lease.lost").setUnit("{lease}")
                .setDescription("Migration leases lost by this runner (held past their expiry or taken over).")
                .build().add(1, Attributes.of(DB_SYSTEM_NAME, system));
    }

    static void end(Span span, @Nullable Throwable error) {
        if (error != null) {
            span.setAttribute(ERROR_TYPE, error.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            span.recordException(error);
        }
        span.end();
    }
}
