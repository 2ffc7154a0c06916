package dev.stratum.tracing.internal;

import static dev.stratum.tracing.internal.SemanticAttributes.DB_OPERATION_BATCH_SIZE;
import static dev.stratum.tracing.internal.SemanticAttributes.DB_QUERY_TEXT;
import static dev.stratum.tracing.internal.SemanticAttributes.ERROR_TYPE;
import static dev.stratum.tracing.internal.SemanticAttributes.STRATUM_BATCH_FAILURES;
import static dev.stratum.tracing.internal.SemanticAttributes.STRATUM_CACHE_HIT;
import static dev.stratum.tracing.internal.SemanticAttributes.STRATUM_ERROR_CODE;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.Query;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * One traced repository call: its span (current while the call runs, so the store's own spans become
 * children), its timing, its cache outcome, and on completion the metrics and the slow-operation log.
 */
public final class TracedCall {
    private final Instruments inst;
    private final Instruments.Operation op;
    private final Span span;
    private @Nullable Scope scope;
    private final @Nullable CacheCallRecorder rec;
    private final long start;
    private boolean recorderStopped;
    private boolean finished;

    @SuppressWarnings("MustBeClosedChecker") // the scope is kept in a field and closed by finish(), which end() and fail() reach
    private TracedCall(Instruments inst, Instruments.Operation op, Span span, @Nullable CacheCallRecorder rec) {
        this.inst = inst;
        this.op = op;
        this.span = span;
        this.rec = rec;
        // a span without a valid context (no SDK, no parent) has nothing to propagate: skip the context switch
        this.scope = span.getSpanContext().isValid() ? span.makeCurrent() : null;
        this.start = inst.preciseClock ? System.nanoTime() : CoarseClock.nanos();
    }

    /** Starts a call; {@code query} (for the shape) and {@code batchSize} (≥ 2 is a batch) are optional. */
    public static TracedCall start(Instruments inst, Instruments.Operation op, @Nullable Query query, int batchSize, boolean cached) {
        CacheCallRecorder rec = cached && op.cacheable() ? CacheCallRecorder.start() : null;
        if (inst.tracingOff) {
            return new TracedCall(inst, op, Span.getInvalid(), rec);
        }
        SpanBuilder b = inst.tracer.spanBuilder(op.spanName()).setSpanKind(SpanKind.CLIENT).setAllAttributes(op.attributes());
        if (batchSize >= 2) {
            b.setAttribute(DB_OPERATION_BATCH_SIZE, (long) batchSize);
        }
        if (query != null && inst.config.recordQueryShape()) {
            b.setAttribute(DB_QUERY_TEXT, QueryShape.of(query));
        }
        return new TracedCall(inst, op, b.startSpan(), rec);
    }

    /** Notes how many entities of a batch failed. */
    public void batchFailures(int failures) {
        if (failures > 0) {
            span.setAttribute(STRATUM_BATCH_FAILURES, (long) failures);
        }
    }

    /** Ends the call successfully and returns {@code result}. */
    public <R> R end(R result) {
        finish(null);
        return result;
    }

    /** Ends the call with {@code error}, which the caller then rethrows. */
    public RuntimeException fail(RuntimeException error) {
        finish(error);
        return error;
    }

    /** Ends the call with an {@link Error}, which the caller then rethrows. */
    public Error fail(Error error) {
        finish(error);
        return error;
    }

    /** Leaves the calling thread's context (for a stream, whose span ends later with {@link #end}). */
    public void detach() {
        closeScope();
        stopRecorder();
    }

    private void closeScope() {
        if (scope != null) {
            scope.close();
            scope = null;
        }
    }

    private void stopRecorder() {
        if (rec != null && !recorderStopped) {
            rec.stop();
            recorderStopped = true;
        }
    }

    private void finish(@Nullable Throwable error) {
        if (finished) {
            return;
        }
        finished = true;
        long nanos = (inst.preciseClock ? System.nanoTime() : CoarseClock.nanos()) - start;
        closeScope();
        stopRecorder();
        boolean recording = span.isRecording();
        Attributes metricAttributes = op.attributes();
        if (rec != null && rec.used()) {
            boolean hit = rec.misses() == 0;
            if (recording) {
                span.setAttribute(STRATUM_CACHE_HIT, hit);
            }
            metricAttributes = hit ? op.hitAttributes() : op.missAttributes();
        }
        if (error != null) {
            String type = error.getClass().getName();
            if (recording) {
                span.setAttribute(ERROR_TYPE, type);
                String description = error.getClass().getSimpleName();
                if (error instanceof DataAccessException dae) {
                    span.setAttribute(STRATUM_ERROR_CODE, dae.errorCode().name());
                    description = dae.errorCode().name();
                }
                span.setStatus(StatusCode.ERROR, description);
                if (inst.config.recordExceptions()) {
                    span.recordException(error);
                }
            }
            if (inst.metricsOn()) {
                metricAttributes = metricAttributes.toBuilder().put(ERROR_TYPE, type).build();
            }
        }
        span.end();
        inst.record(op, nanos, metricAttributes, rec);
        if (inst.slowNanos >= 0 && nanos >= inst.slowNanos && !op.stream()) {
            inst.config.slowOperationLogger().warn("slow operation: {} {} on {}{} took {} ms (threshold {} ms){}", op.name(),
                    inst.storeInfo.collection(), inst.storeInfo.system(),
                    inst.storeInfo.namespace().isEmpty() ? "" : " " + inst.storeInfo.namespace(), nanos / 1_000_000,
                    inst.slowNanos / 1_000_000, error == null ? "" : ", failed: " + error.getClass().getSimpleName());
        }
    }
}
