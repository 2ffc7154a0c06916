package dev.stratum.tracing.internal;

import static dev.stratum.tracing.internal.SemanticAttributes.DB_COLLECTION_NAME;
import static dev.stratum.tracing.internal.SemanticAttributes.DB_NAMESPACE;
import static dev.stratum.tracing.internal.SemanticAttributes.DB_OPERATION_NAME;
import static dev.stratum.tracing.internal.SemanticAttributes.DB_SYSTEM_NAME;
import static dev.stratum.tracing.internal.SemanticAttributes.SERVER_ADDRESS;
import static dev.stratum.tracing.internal.SemanticAttributes.SERVER_PORT;
import static dev.stratum.tracing.internal.SemanticAttributes.STRATUM_CACHE_HIT;

import dev.stratum.api.StoreInfo;
import dev.stratum.api.spi.RemoteCacheHealth;
import dev.stratum.tracing.OperationNames;
import dev.stratum.tracing.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The tracer, meter instruments and precomputed per-operation data of one traced repository, so that
 * a call allocates little beyond its span.
 */
public final class Instruments {
    /** The bucket boundaries the database semantic conventions advise for {@code db.client.operation.duration}. */
    public static final List<Double> DURATION_BUCKETS = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

    final Tracer tracer;
    /** The API's no-op tracer (no SDK installed): spans are skipped outright, not built and dropped. */
    final boolean tracingOff;
    final TracingConfig config;
    final StoreInfo storeInfo;
    final long slowNanos;
    private final @Nullable DoubleHistogram duration;
    private final @Nullable LongCounter cacheHits;
    private final @Nullable LongCounter cacheMisses;
    private final @Nullable LongCounter cacheLoads;
    private final @Nullable Meter meter;
    private final Attributes base;
    /** Durations feed spans or the histogram: measure them precisely; else only the slow log needs them. */
    final boolean preciseClock;

    public Instruments(TracingConfig config, StoreInfo storeInfo) {
        OpenTelemetry otel = config.openTelemetry();
        String version = Instruments.class.getPackage().getImplementationVersion();
        var tracerBuilder = otel.tracerBuilder(TracingConfig.INSTRUMENTATION_NAME);
        var meterBuilder = otel.meterBuilder(TracingConfig.INSTRUMENTATION_NAME);
        if (version != null) {
            tracerBuilder.setInstrumentationVersion(version);
            meterBuilder.setInstrumentationVersion(version);
        }
        this.tracer = tracerBuilder.build();
        this.tracingOff = tracer == TracerProvider.noop().get(TracingConfig.INSTRUMENTATION_NAME);
        this.config = config;
        this.storeInfo = storeInfo;
        this.slowNanos = config.slowOperationThreshold().map(Duration::toNanos).orElse(-1L);
        Meter meter = meterBuilder.build();
        if (config.metrics() && meter != MeterProvider.noop().get(TracingConfig.INSTRUMENTATION_NAME)) {
            this.meter = meter;
            this.duration = meter.histogramBuilder("db.client.operation.duration")
                    .setDescription("Duration of database client operations.")
                    .setUnit("s")
                    .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                    .build();
            this.cacheHits = meter.counterBuilder("stratum.cache.hits").setUnit("{lookup}")
                    .setDescription("Lookups answered by the cache (L1 or L2).").build();
            this.cacheMisses = meter.counterBuilder("stratum.cache.misses").setUnit("{lookup}")
                    .setDescription("Lookups the cache could not answer.").build();
            this.cacheLoads = meter.counterBuilder("stratum.cache.loads").setUnit("{load}")
                    .setDescription("Loads from the store on cache misses.").build();
        } else {
            this.meter = null;
            this.duration = null;
            this.cacheHits = null;
            this.cacheMisses = null;
            this.cacheLoads = null;
        }
        AttributesBuilder b = Attributes.builder()
                .put(DB_SYSTEM_NAME, storeInfo.system())
                .put(DB_COLLECTION_NAME, storeInfo.collection());
        if (!storeInfo.namespace().isEmpty()) {
            b.put(DB_NAMESPACE, storeInfo.namespace());
        }
        if (storeInfo.serverAddress() != null) {
            b.put(SERVER_ADDRESS, storeInfo.serverAddress());
        }
        if (storeInfo.serverPort() > 0) {
            b.put(SERVER_PORT, (long) storeInfo.serverPort());
        }
        this.base = b.build();
        this.preciseClock = !tracingOff || duration != null;
    }

    /** The precomputed data of one operation; {@code cacheable} ones get a cache recorder. */
    public Operation operation(String name, boolean cacheable) {
        Attributes attrs = base.toBuilder().put(DB_OPERATION_NAME, name).build();
        return new Operation(name, name + " " + storeInfo.collection(), attrs,
                attrs.toBuilder().put(STRATUM_CACHE_HIT, true).build(), attrs.toBuilder().put(STRATUM_CACHE_HIT, false).build(),
                cacheable, name.equals(OperationNames.STREAM));
    }

    /**
     * Exports the state of a cache's L2: {@code stratum.cache.remote.up} (1 in use, 0 failing open) and
     * {@code stratum.cache.remote.errors} (cumulative failures), with this repository's store and
     * collection attributes. The callbacks hold the cache's health weakly: a cache that is gone reports
     * nothing.
     */
    public void observeRemoteCache(RemoteCacheHealth health) {
        Meter m = meter;
        if (m == null) {
            return;
        }
        WeakReference<RemoteCacheHealth> ref = new WeakReference<>(health);
        m.gaugeBuilder("stratum.cache.remote.up").ofLongs()
                .setDescription("1 while the cache uses its remote tier (L2), 0 while it fails open and skips it.")
                .buildWithCallback(out -> {
                    RemoteCacheHealth h = ref.get();
                    if (h != null) {
                        out.record(h.up() ? 1 : 0, base);
                    }
                });
        m.counterBuilder("stratum.cache.remote.errors").setUnit("{error}")
                .setDescription("Remote cache (L2) operations that failed or timed out.")
                .buildWithCallback(out -> {
                    RemoteCacheHealth h = ref.get();
                    if (h != null) {
                        out.record(h.errorCount(), base);
                    }
                });
    }

    /** Whether metrics are recorded (configured on and a real meter behind them). */
    boolean metricsOn() {
        return duration != null;
    }

    void record(Operation op, long nanos, Attributes attributes, @Nullable CacheCallRecorder rec) {
        if (duration == null) {
            return;
        }
        duration.record(nanos / 1e9, attributes);
        if (rec != null && cacheHits != null && cacheMisses != null && cacheLoads != null) {
            if (rec.hits() > 0) {
                cacheHits.add(rec.hits(), op.attributes());
            }
            if (rec.misses() > 0) {
                cacheMisses.add(rec.misses(), op.attributes());
            }
            if (rec.loads() > 0) {
                cacheLoads.add(rec.loads(), op.attributes());
            }
        }
    }

    /**
     * One repository operation, ready to trace.
     *
     * @param name {@code db.operation.name}
     * @param spanName {@code "{operation} {collection}"}
     * @param attributes the span's and metrics' attributes
     * @param hitAttributes {@code attributes} plus {@code stratum.cache.hit=true}
     * @param missAttributes {@code attributes} plus {@code stratum.cache.hit=false}
     * @param cacheable whether a cache inside may answer it
     * @param stream whether its span lasts until a stream is closed
     */
    public record Operation(String name, String spanName, Attributes attributes, Attributes hitAttributes, Attributes missAttributes,
            boolean cacheable, boolean stream) {}
}
