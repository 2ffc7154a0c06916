package dev.stratum.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Filter;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.spi.ForwardingRepository;
import dev.stratum.cache.CacheConfig;
import dev.stratum.cache.CachingRepository;
import dev.stratum.cache.support.CountingRepository;
import dev.stratum.cache.support.MapRepository;
import dev.stratum.cache.support.Todo;
import dev.stratum.tracing.internal.Instruments;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/** Spans, metrics and the slow-operation log of the tracing decorator, asserted on an in-memory SDK. */
class TracingRepositoryTest {
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
    private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
    private static final AttributeKey<String> ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<Long> BATCH = AttributeKey.longKey("db.operation.batch.size");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("stratum.error.code");
    private static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
    private static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("stratum.cache.hit");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private OpenTelemetrySdk otel;
    private final MapRepository<Todo, String> store = MapRepository.todos();
    private final CountingRepository<Todo, String> counting = new CountingRepository<>(store);
    private final RecordingLogger slowLog = new RecordingLogger();
    private Repository<Todo, String> tasks;

    @BeforeEach
    void setUp() {
        otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        tasks = Repositories.decorate(counting).with(config().build()).build();
        store.insert(Todo.of("a", "A", "42"));
    }

    @AfterEach
    void tearDown() {
        otel.close();
    }

    private TracingConfig.Builder config() {
        return TracingConfig.builder(otel).slowOperationLogger(slowLog);
    }

    private SpanData onlySpan() {
        List<SpanData> all = spans.getFinishedSpanItems();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private MetricData metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Nested
    class Spans {
        /** A record projection of Todo. */
        record Title(String title) {}

        @Test
        void theContractV2OperationsAreTraced() {
            tasks.update("a", dev.stratum.api.Update.set("title", "B"));
            tasks.updateAll(dev.stratum.api.Query.all(), dev.stratum.api.Update.set("title", "C"));
            tasks.findFirst(dev.stratum.api.Query.all());
            tasks.exists(dev.stratum.api.Query.all());
            tasks.find(dev.stratum.api.Query.all(), Title.class);
            tasks.aggregate(dev.stratum.api.Aggregation.all().count("n"), java.util.Map.class);
            assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly(
                    "update todos", "updateAll todos", "findFirst todos", "exists todos", "find todos", "aggregate todos");
        }

        @Test
        void aFindByIdSpanFollowsTheDatabaseConventions() {
            assertThat(tasks.findById("a")).isPresent();
            SpanData s = onlySpan();
            assertThat(s.getName()).isEqualTo("findById todos");
            assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(s.getInstrumentationScopeInfo().getName()).isEqualTo("dev.stratum");
            Attributes a = s.getAttributes();
            assertThat(a.get(SYSTEM)).isEqualTo("memory");
            assertThat(a.get(OPERATION)).isEqualTo("findById");
            assertThat(a.get(COLLECTION)).isEqualTo("todos");
            assertThat(a.get(NAMESPACE)).isEqualTo("testdb");
            assertThat(a.get(ADDRESS)).isEqualTo("db.example");
            assertThat(a.get(PORT)).isEqualTo(27017L);
            assertThat(a.get(BATCH)).isNull();
            assertThat(a.get(CACHE_HIT)).as("no cache inside").isNull();
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            assertThat(s.getEvents()).isEmpty();
        }

        static Stream<Object[]> operations() {
            return Stream.of(
                    op("insert", r -> r.insert(Todo.of("n", "N", "1"))),
                    op("save", r -> r.save(Todo.of("s", "S", "1"))),
                    op("update", r -> r.update(current(r).withTitle("A2"))),
                    op("saveAll", r -> r.saveAll(List.of(Todo.of("x", "X", "1"), Todo.of("y", "Y", "1")))),
                    op("findById", r -> r.findById("a")),
                    op("findAllById", r -> r.findAllById(List.of("a", "b"))),
                    op("existsById", r -> r.existsById("a")),
                    op("find", r -> r.find(Query.all())),
                    op("stream", r -> {
                        try (Stream<Todo> s = r.stream(Query.all())) {
                            long unused = s.count(); // consumes the stream
                        }
                    }),
                    op("page", r -> r.page(Query.all(), PageRequest.first(5))),
                    op("count", r -> r.count(Query.all())),
                    op("delete", r -> r.delete(current(r))),
                    op("deleteById", r -> r.deleteById("a")),
                    op("deleteAll", r -> r.deleteAll(Query.all())));
        }

        @SuppressWarnings("unchecked")
        private static Todo current(Repository<Todo, String> r) {
            MapRepository<Todo, String> m = r.unwrap(MapRepository.class);
            return m.findById("a").orElseThrow();
        }

        private static Object[] op(String name, Consumer<Repository<Todo, String>> call) {
            return new Object[] {name, call};
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("operations")
        void everyOperationHasItsSpan(String name, Consumer<Repository<Todo, String>> call) {
            call.accept(tasks);
            SpanData s = onlySpan();
            assertThat(s.getName()).isEqualTo(name + " todos");
            assertThat(s.getAttributes().get(OPERATION)).isEqualTo(name);
            assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
        }

        @Test
        void batchesCarryTheirSizeFromTwoOn() {
            tasks.saveAll(List.of(Todo.of("x", "X", "1"), Todo.of("y", "Y", "1"), Todo.of("z", "Z", "1")));
            tasks.findAllById(List.of("a"));
            tasks.findAllById(() -> List.of("a", "x").iterator()); // a plain Iterable is counted too
            List<SpanData> all = spans.getFinishedSpanItems();
            assertThat(all.get(0).getAttributes().get(BATCH)).isEqualTo(3L);
            assertThat(all.get(1).getAttributes().get(BATCH)).isNull();
            assertThat(all.get(2).getAttributes().get(BATCH)).isEqualTo(2L);
        }

        @Test
        void partialBatchFailuresAreCountedWithoutFailingTheSpan() {
            Todo stale = store.findById("a").orElseThrow();
            store.update(stale.withTitle("moved on"));
            tasks.saveAll(List.of(stale.withTitle("mine"), Todo.of("ok", "OK", "1")));
            SpanData s = onlySpan();
            assertThat(s.getAttributes().get(AttributeKey.longKey("stratum.batch.failures"))).isEqualTo(1L);
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        }

        @Test
        void aFailureSetsErrorTypeCodeAndStatusButNoMessage() {
            assertThatThrownBy(() -> tasks.insert(Todo.of("a", "dup", "42"))).isInstanceOf(DuplicateKeyException.class);
            SpanData s = onlySpan();
            assertThat(s.getAttributes().get(ERROR_TYPE)).isEqualTo("dev.stratum.api.DuplicateKeyException");
            assertThat(s.getAttributes().get(ERROR_CODE)).isEqualTo("DUPLICATE_KEY");
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(s.getStatus().getDescription()).isEqualTo("DUPLICATE_KEY");
            assertThat(s.getEvents()).as("the message names the id: not recorded by default").isEmpty();
        }

        @Test
        void exceptionEventsAreOptIn() {
            tasks = Repositories.decorate(counting).with(config().recordExceptions(true).build()).build();
            assertThatThrownBy(() -> tasks.insert(Todo.of("a", "dup", "42"))).isInstanceOf(DuplicateKeyException.class);
            assertThat(onlySpan().getEvents()).singleElement().satisfies(e -> assertThat(e.getName()).isEqualTo("exception"));
        }

        @Test
        void theSpanIsAChildOfTheCallersAndTheParentOfTheStoresOwn() {
            Tracer tracer = otel.getTracer("test");
            Repository<Todo, String> driverTraced = new CountingRepository<>(store) {
                @Override
                public Optional<Todo> findById(String id) {
                    Span driver = tracer.spanBuilder("driver call").startSpan();
                    try {
                        return super.findById(id);
                    } finally {
                        driver.end();
                    }
                }
            };
            Repository<Todo, String> traced = Repositories.decorate(driverTraced).with(TracingConfig.defaults(otel)).build();
            Span parent = tracer.spanBuilder("GET /tasks/a").startSpan();
            try (Scope ignored = parent.makeCurrent()) {
                traced.findById("a");
            } finally {
                parent.end();
            }
            List<SpanData> all = spans.getFinishedSpanItems();
            SpanData driver = all.stream().filter(s -> s.getName().equals("driver call")).findFirst().orElseThrow();
            SpanData repo = all.stream().filter(s -> s.getName().equals("findById todos")).findFirst().orElseThrow();
            SpanData root = all.stream().filter(s -> s.getName().equals("GET /tasks/a")).findFirst().orElseThrow();
            assertThat(repo.getParentSpanId()).isEqualTo(root.getSpanId());
            assertThat(repo.getTraceId()).isEqualTo(root.getTraceId());
            assertThat(driver.getParentSpanId()).isEqualTo(repo.getSpanId());
            assertThat(Span.current().getSpanContext().isValid()).as("no span leaks into the caller's context").isFalse();
        }

        @Test
        void queryValuesAreNeverRecordedByDefault() {
            tasks.find(Query.where(Filter.eq("assigneeId", "secret-42")).limit(3));
            tasks.findById("a");
            for (SpanData s : spans.getFinishedSpanItems()) {
                s.getAttributes().forEach((k, v) -> assertThat(String.valueOf(v)).doesNotContain("secret-42").isNotEqualTo("a"));
                assertThat(s.getAttributes().get(QUERY_TEXT)).isNull();
            }
        }

        @Test
        void theQueryShapeIsOptInAndHoldsNoValues() {
            tasks = Repositories.decorate(counting).with(config().recordQueryShape(true).build()).build();
            tasks.find(Query.where(Filter.and(Filter.eq("assigneeId", "secret-42"), Filter.gte("priority", 3)))
                    .sortBy(Sort.desc("priority")).limit(20));
            assertThat(onlySpan().getAttributes().get(QUERY_TEXT))
                    .isEqualTo("(assigneeId = ? and priority >= ?) | sort priority desc | limit ?")
                    .doesNotContain("secret").doesNotContain("3").doesNotContain("20");
        }

        @Test
        void aStreamSpanEndsWhenTheStreamIsClosed() {
            Stream<Todo> s = tasks.stream(Query.all());
            assertThat(spans.getFinishedSpanItems()).isEmpty();
            assertThat(Span.current().getSpanContext().isValid()).isFalse();
            s.close();
            assertThat(onlySpan().getName()).isEqualTo("stream todos");
            s.close();
            assertThat(spans.getFinishedSpanItems()).hasSize(1);
        }

        @Test
        void worksWithTheNoopOpenTelemetry() {
            Repository<Todo, String> noop = Repositories.decorate(store).with(TracingConfig.defaults(OpenTelemetry.noop())).build();
            assertThat(noop.findById("a")).isPresent();
            assertThatThrownBy(() -> noop.insert(Todo.of("a", "dup", "42"))).isInstanceOf(DuplicateKeyException.class);
        }
    }

    @Nested
    class WithCacheInside {
        @BeforeEach
        void cached() {
            // with(tracing) before with(cache): tracing still ends up outermost
            tasks = Repositories.decorate(counting).with(config().build()).with(CacheConfig.<Todo>builder().build()).build();
        }

        @Test
        void tracingIsOutermostWhateverTheCallOrder() {
            TracingRepository<?, ?> tracing = tasks.unwrap(TracingRepository.class);
            CachingRepository<?, ?> cache = tasks.unwrap(CachingRepository.class);
            // the chain from the outside in: tracing, then the cache, never the other way round
            assertThat(ForwardingRepository.findDecorator(tracing, CachingRepository.class)).containsSame(cache);
            assertThat(ForwardingRepository.findDecorator(cache, TracingRepository.class)).isEmpty();
            assertThat(tasks.unwrap(CountingRepository.class)).isSameAs(counting);
            assertThat(tasks.unwrap(MapRepository.class)).isSameAs(store);
        }

        @Test
        void readsSayWhetherTheCacheAnsweredThem() {
            tasks.findById("a");
            tasks.findById("a");
            tasks.findAllById(List.of("a", "b"));
            tasks.insert(Todo.of("n", "N", "1"));
            List<SpanData> all = spans.getFinishedSpanItems();
            assertThat(all).extracting(s -> s.getAttributes().get(CACHE_HIT)).containsExactly(false, true, false, null);
            assertThat(counting.loads()).isEqualTo(2);
        }

        @Test
        void cacheCountersAndTheDurationHistogramCarryTheOutcome() {
            tasks.findById("a");
            tasks.findById("a");
            tasks.findById("a");
            Collection<MetricData> all = metrics.collectAllMetrics();
            assertThat(sum(metric(all, "stratum.cache.hits"))).isEqualTo(2);
            assertThat(sum(metric(all, "stratum.cache.misses"))).isEqualTo(1);
            assertThat(sum(metric(all, "stratum.cache.loads"))).isEqualTo(1);
            MetricData duration = metric(all, "db.client.operation.duration");
            assertThat(duration.getHistogramData().getPoints()).extracting(p -> p.getAttributes().get(CACHE_HIT), HistogramPointData::getCount)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(true, 2L), org.assertj.core.groups.Tuple.tuple(false, 1L));
            LongPointData hits = metric(all, "stratum.cache.hits").getLongSumData().getPoints().iterator().next();
            assertThat(hits.getAttributes().get(OPERATION)).isEqualTo("findById");
            assertThat(hits.getAttributes().get(COLLECTION)).isEqualTo("todos");
        }

        private long sum(MetricData m) {
            return m.getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum();
        }
    }

    @Nested
    class Metrics {
        @Test
        void theDurationHistogramFollowsTheConventions() {
            tasks.findById("a");
            tasks.count(Query.all());
            assertThatThrownBy(() -> tasks.insert(Todo.of("a", "dup", "42"))).isInstanceOf(DuplicateKeyException.class);
            MetricData d = metric(metrics.collectAllMetrics(), "db.client.operation.duration");
            assertThat(d.getUnit()).isEqualTo("s");
            assertThat(d.getInstrumentationScopeInfo().getName()).isEqualTo("dev.stratum");
            Collection<HistogramPointData> points = d.getHistogramData().getPoints();
            assertThat(points).hasSize(3);
            for (HistogramPointData p : points) {
                assertThat(p.getBoundaries()).containsExactlyElementsOf(Instruments.DURATION_BUCKETS);
                assertThat(p.getAttributes().get(SYSTEM)).isEqualTo("memory");
                assertThat(p.getAttributes().get(COLLECTION)).isEqualTo("todos");
                assertThat(p.getAttributes().get(NAMESPACE)).isEqualTo("testdb");
                assertThat(p.getAttributes().get(ADDRESS)).isEqualTo("db.example");
                assertThat(p.getCount()).isEqualTo(1);
                assertThat(p.getSum()).isGreaterThanOrEqualTo(0).isLessThan(60); // seconds, not nanos
            }
            assertThat(points).extracting(p -> p.getAttributes().get(OPERATION)).containsExactlyInAnyOrder("findById", "count", "insert");
            assertThat(points).filteredOn(p -> "insert".equals(p.getAttributes().get(OPERATION)))
                    .singleElement().satisfies(p -> assertThat(p.getAttributes().get(ERROR_TYPE)).isEqualTo("dev.stratum.api.DuplicateKeyException"));
        }

        @Test
        void metricsCanBeTurnedOff() {
            tasks = Repositories.decorate(counting).with(config().metrics(false).build()).build();
            tasks.findById("a");
            assertThat(metrics.collectAllMetrics()).isEmpty();
            assertThat(spans.getFinishedSpanItems()).hasSize(1);
        }
    }

    @Nested
    class SlowOperations {
        @Test
        void operationsOverTheThresholdAreLoggedAtWarnWithoutValues() {
            tasks = Repositories.decorate(counting).with(config().slowOperationThreshold(Duration.ZERO).build()).build();
            tasks.findById("a");
            tasks.find(Query.where(Filter.eq("assigneeId", "secret-42")));
            assertThat(slowLog.lines).hasSize(2);
            RecordingLogger.Line first = slowLog.lines.get(0);
            assertThat(first.level()).isEqualTo(Level.WARN);
            assertThat(first.message()).startsWith("slow operation: findById todos on memory testdb took ").contains("ms (threshold 0 ms)");
            assertThat(slowLog.lines.get(1).message()).startsWith("slow operation: find todos").doesNotContain("secret");
        }

        @Test
        void theLogWorksWithoutAnSdk() {
            Repository<Todo, String> noop = Repositories.decorate(counting).with(TracingConfig.builder(OpenTelemetry.noop())
                    .slowOperationLogger(slowLog).slowOperationThreshold(Duration.ZERO).build()).build();
            noop.count(Query.all());
            assertThat(slowLog.lines).singleElement().satisfies(l -> assertThat(l.message()).startsWith("slow operation: count todos"));
        }

        @Test
        void failuresAreMarkedInTheLog() {
            tasks = Repositories.decorate(counting).with(config().slowOperationThreshold(Duration.ZERO).build()).build();
            assertThatThrownBy(() -> tasks.insert(Todo.of("a", "dup", "42"))).isInstanceOf(DuplicateKeyException.class);
            assertThat(slowLog.lines).singleElement().satisfies(l -> assertThat(l.message()).endsWith("failed: DuplicateKeyException"));
        }

        @Test
        void fastOperationsAndDisabledLogsStayQuiet() {
            tasks.findById("a"); // default threshold 100 ms: a map lookup is far below
            Repository<Todo, String> off = Repositories.decorate(counting)
                    .with(config().slowOperationThreshold(Duration.ZERO).disableSlowOperationLog().build()).build();
            off.findById("a");
            assertThat(slowLog.lines).isEmpty();
            assertThat(TracingConfig.defaults(otel).slowOperationThreshold()).contains(Duration.ofMillis(100));
        }
    }
}
