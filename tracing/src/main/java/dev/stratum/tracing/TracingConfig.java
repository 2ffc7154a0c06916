package dev.stratum.tracing;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Repository;
import dev.stratum.api.RepositoryDecorator;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Immutable settings of the tracing decorator; pass it to {@code Repositories.decorate(repo).with(config)},
 * which makes tracing the outermost decorator (so cache hits are traced as such).
 *
 * <pre>{@code
 * TracingConfig config = TracingConfig.builder(GlobalOpenTelemetry.get())
 *         .recordQueryShape(true)                          // db.query.text = "(status = ? and priority >= ?) | sort priority desc | limit ?"
 *         .slowOperationThreshold(Duration.ofMillis(250))  // WARN log above this
 *         .build();
 * }</pre>
 *
 * <p>Defaults: spans and metrics on, no query shape, no exception events, slow-operation log at
 * 100 ms, instrumentation scope {@code dev.stratum}.
 */
public final class TracingConfig implements RepositoryDecorator<Object> {
    /** The instrumentation scope name of Stratum's tracer and meter. */
    public static final String INSTRUMENTATION_NAME = "dev.stratum";
    /** The name of the default slow-operation logger. */
    public static final String SLOW_OPERATION_LOGGER = "dev.stratum.slow-operations";

    private final OpenTelemetry openTelemetry;
    private final boolean recordQueryShape;
    private final boolean recordExceptions;
    private final boolean metrics;
    private final @Nullable Duration slowOperationThreshold;
    private final Logger slowOperationLogger;

    private TracingConfig(Builder b) {
        this.openTelemetry = b.openTelemetry;
        this.recordQueryShape = b.recordQueryShape;
        this.recordExceptions = b.recordExceptions;
        this.metrics = b.metrics;
        this.slowOperationThreshold = b.slowOperationThreshold;
        this.slowOperationLogger = b.slowOperationLogger;
    }

    /** A builder for this OpenTelemetry instance ({@link OpenTelemetry#noop()} gives only the slow-operation log). */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    /** The defaults for this OpenTelemetry instance. */
    public static TracingConfig defaults(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /** A builder starting from {@code base}. */
    public static Builder from(TracingConfig base) {
        Builder b = new Builder(base.openTelemetry);
        b.recordQueryShape = base.recordQueryShape;
        b.recordExceptions = base.recordExceptions;
        b.metrics = base.metrics;
        b.slowOperationThreshold = base.slowOperationThreshold;
        b.slowOperationLogger = base.slowOperationLogger;
        return b;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** {@link RepositoryDecorator.Layer#OBSERVATION}: outermost. */
    @Override
    public Layer layer() {
        return Layer.OBSERVATION;
    }

    /** A {@link TracingRepository} with this configuration around {@code repository}. */
    @Override
    public <T, ID> Repository<T, ID> decorate(Repository<T, ID> repository) {
        return TracingRepository.of(repository, this);
    }

    /** Whether spans carry {@code db.query.text}: the query's shape with every value replaced by {@code ?}. */
    public boolean recordQueryShape() {
        return recordQueryShape;
    }

    /** Whether failed spans get an exception event (its message may name ids). */
    public boolean recordExceptions() {
        return recordExceptions;
    }

    /** Whether the {@code db.client.operation.duration} histogram and cache counters are recorded. */
    public boolean metrics() {
        return metrics;
    }

    /** Operations at least this slow are logged at WARN; empty when the log is off. */
    public Optional<Duration> slowOperationThreshold() {
        return Optional.ofNullable(slowOperationThreshold);
    }

    /** Where slow operations are logged (default: the SLF4J logger {@value #SLOW_OPERATION_LOGGER}). */
    public Logger slowOperationLogger() {
        return slowOperationLogger;
    }

    @Override
    public String toString() {
        return "TracingConfig[queryShape=" + recordQueryShape + ", exceptions=" + recordExceptions + ", metrics=" + metrics
                + ", slowOperationThreshold=" + slowOperationThreshold + "]";
    }

    /** Builds a {@link TracingConfig}. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean recordQueryShape;
        private boolean recordExceptions;
        private boolean metrics = true;
        private @Nullable Duration slowOperationThreshold = Duration.ofMillis(100);
        private Logger slowOperationLogger = LoggerFactory.getLogger(SLOW_OPERATION_LOGGER);

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /** Record the sanitized query shape as {@code db.query.text} (default off; values are never recorded). */
        public Builder recordQueryShape(boolean on) {
            this.recordQueryShape = on;
            return this;
        }

        /** Add an exception event (type, message, stack trace) to failed spans (default off). */
        public Builder recordExceptions(boolean on) {
            this.recordExceptions = on;
            return this;
        }

        /** Record metrics (default on). */
        public Builder metrics(boolean on) {
            this.metrics = on;
            return this;
        }

        /** Log operations at least this slow at WARN (default 100 ms). */
        public Builder slowOperationThreshold(Duration threshold) {
            this.slowOperationThreshold = Objects.requireNonNull(threshold, "threshold");
            return this;
        }

        /** Log slow operations to this logger instead of {@value TracingConfig#SLOW_OPERATION_LOGGER}. */
        public Builder slowOperationLogger(Logger logger) {
            this.slowOperationLogger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /** Turn the slow-operation log off. */
        public Builder disableSlowOperationLog() {
            this.slowOperationThreshold = null;
            return this;
        }

        /** Validates and builds. @throws ConfigurationException naming the bad setting */
        public TracingConfig build() {
            if (slowOperationThreshold != null && slowOperationThreshold.isNegative()) {
                throw new ConfigurationException("tracing slowOperationThreshold must be >= 0, was " + slowOperationThreshold);
            }
            return new TracingConfig(this);
        }
    }
}
