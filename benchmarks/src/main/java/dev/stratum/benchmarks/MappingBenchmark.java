package dev.stratum.benchmarks;

import dev.stratum.api.EntityMapper;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of a Task-like entity (10 fields, a list, a nested object) through
 * {@link EntityMapper}, beside a hand-written mapper producing the same neutral document, in one run.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MappingBenchmark -f 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MappingBenchmark {

    /** The benchmarked entity. */
    @Entity("tasks")
    public record BenchTask(@Id String id, String title, String status, int priority, long estimateMinutes, double score,
            BigDecimal cost, Instant dueAt, LocalDate created, boolean archived, List<String> tags, Owner owner, @Version long version) {}

    /** Nested object. */
    public record Owner(String userId, String name, String email) {}

    private final EntityMapper mapper = EntityMapper.defaults();
    private BenchTask task;
    private Map<String, Object> document;

    @Setup
    public void setup() {
        task = new BenchTask("t-1", "Fix login bug", "OPEN", 3, 90, 0.75, new BigDecimal("12.50"),
                Instant.parse("2026-11-21T10:15:30.123Z"), LocalDate.of(2026, 11, 1), false, List.of("backend", "auth", "p1"),
                new Owner("u-42", "Ada", "ada@example.com"), 7);
        document = mapper.toDocument(task);
        if (!handEncode(task).equals(document) || !handDecode(document).equals(mapper.fromDocument(document, BenchTask.class))) {
            throw new IllegalStateException("hand-written and Stratum mappers disagree: " + handEncode(task) + " vs " + document);
        }
    }


    @Benchmark
    public Map<String, Object> stratumEncode() {
        return mapper.toDocument(task);
    }

    @Benchmark
    public Object stratumDecode() {
        return mapper.fromDocument(document, BenchTask.class);
    }

    @Benchmark
    public Map<String, Object> handEncode() {
        return handEncode(task);
    }

    @Benchmark
    public Object handDecode() {
        return handDecode(document);
    }

    static Map<String, Object> handEncode(BenchTask t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", t.id());
        d.put("title", t.title());
        d.put("status", t.status());
        d.put("priority", t.priority());
        d.put("estimateMinutes", t.estimateMinutes());
        d.put("score", t.score());
        d.put("cost", t.cost());
        d.put("dueAt", t.dueAt());
        d.put("created", t.created());
        d.put("archived", t.archived());
        d.put("tags", new ArrayList<>(t.tags()));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("userId", t.owner().userId());
        o.put("name", t.owner().name());
        o.put("email", t.owner().email());
        d.put("owner", o);
        d.put("version", t.version());
        return d;
    }

    @SuppressWarnings("unchecked")
    static BenchTask handDecode(Map<String, Object> d) {
        Map<String, Object> o = (Map<String, Object>) d.get("owner");
        return new BenchTask((String) d.get("id"), (String) d.get("title"), (String) d.get("status"),
                ((Number) d.get("priority")).intValue(), ((Number) d.get("estimateMinutes")).longValue(),
                ((Number) d.get("score")).doubleValue(), (BigDecimal) d.get("cost"), (Instant) d.get("dueAt"),
                (LocalDate) d.get("created"), (Boolean) d.get("archived"), List.copyOf((List<String>) d.get("tags")),
                new Owner((String) o.get("userId"), (String) o.get("name"), (String) o.get("email")),
                ((Number) d.get("version")).longValue());
    }
}
