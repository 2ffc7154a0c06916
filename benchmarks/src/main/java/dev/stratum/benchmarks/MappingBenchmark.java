package dev.stratum.benchmarks;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
import org.jspecify.annotations.Nullable;
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
 * {@link EntityMapper}, beside a hand-written mapper producing the same neutral document, in one run,
 * for the three entity shapes: a plain record ({@code stratum*}/{@code hand*}), a record with Jackson
 * annotations ({@code annotated*}) and a POJO with getters/setters and a {@code @JsonCreator}
 * constructor ({@code pojo*}); {@code jackson*} is the plain record through Jackson's own path.
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

    /** The same entity with the Jackson annotations users write. */
    @Entity("tasks")
    public record AnnotatedTask(@Id @JsonProperty("_ident") String id, @JsonProperty("t") String title, String status, int priority,
            long estimateMinutes, double score, BigDecimal cost, @JsonFormat(shape = JsonFormat.Shape.STRING) Instant dueAt, LocalDate created,
            boolean archived, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> tags, Owner owner, @JsonIgnore @Nullable String scratch,
            @Version long version) {}

    /** The same entity as a POJO: a {@code @JsonCreator} constructor for the id, getters and setters for the rest. */
    @Entity("tasks")
    @SuppressWarnings("NullAway.Init") // a Jackson bean: whoever builds one (the mapper, the hand-written decoder) sets every property
    public static final class PojoTask {
        @Id private final String id;
        private String title;
        private String status;
        private int priority;
        private long estimateMinutes;
        private double score;
        private BigDecimal cost;
        private Instant dueAt;
        private LocalDate created;
        private boolean archived;
        private List<String> tags;
        private Owner owner;
        @Version private long version;

        @JsonCreator
        public PojoTask(@JsonProperty("id") String id) {
            this.id = id;
        }

        public String getId() { return id; }
        public String getTitle() { return title; }
        public void setTitle(String title) { this.title = title; }
        public String getStatus() { return status; }
        public void setStatus(String status) { this.status = status; }
        public int getPriority() { return priority; }
        public void setPriority(int priority) { this.priority = priority; }
        public long getEstimateMinutes() { return estimateMinutes; }
        public void setEstimateMinutes(long estimateMinutes) { this.estimateMinutes = estimateMinutes; }
        public double getScore() { return score; }
        public void setScore(double score) { this.score = score; }
        public BigDecimal getCost() { return cost; }
        public void setCost(BigDecimal cost) { this.cost = cost; }
        public Instant getDueAt() { return dueAt; }
        public void setDueAt(Instant dueAt) { this.dueAt = dueAt; }
        public LocalDate getCreated() { return created; }
        public void setCreated(LocalDate created) { this.created = created; }
        public boolean isArchived() { return archived; }
        public void setArchived(boolean archived) { this.archived = archived; }
        public List<String> getTags() { return tags; }
        public void setTags(List<String> tags) { this.tags = tags; }
        public Owner getOwner() { return owner; }
        public void setOwner(Owner owner) { this.owner = owner; }
        public long getVersion() { return version; }
        public void setVersion(long version) { this.version = version; }
    }

    private final EntityMapper mapper = EntityMapper.defaults();
    private final EntityMapper jackson = EntityMapper.defaults().withDirectCodecs(false);
    private BenchTask task;
    private Map<String, Object> document;
    private AnnotatedTask annotated;
    private Map<String, Object> annotatedDocument;
    private PojoTask pojo;
    private Map<String, Object> pojoDocument;

    @Setup
    public void setup() {
        task = new BenchTask("t-1", "Fix login bug", "OPEN", 3, 90, 0.75, new BigDecimal("12.50"),
                Instant.parse("2026-11-21T10:15:30.123Z"), LocalDate.of(2026, 11, 1), false, List.of("backend", "auth", "p1"),
                new Owner("u-42", "Ada", "ada@example.com"), 7);
        document = mapper.toDocument(task);
        if (!handEncode(task).equals(document) || !handDecode(document).equals(mapper.fromDocument(document, BenchTask.class))) {
            throw new IllegalStateException("hand-written and Stratum mappers disagree: " + handEncode(task) + " vs " + document);
        }
        annotated = new AnnotatedTask("t-1", "Fix login bug", "OPEN", 3, 90, 0.75, new BigDecimal("12.50"),
                Instant.parse("2026-11-21T10:15:30.123Z"), LocalDate.of(2026, 11, 1), false, List.of("backend", "auth", "p1"),
                new Owner("u-42", "Ada", "ada@example.com"), null, 7);
        annotatedDocument = mapper.toDocument(annotated);
        if (!handEncodeAnnotated(annotated).equals(annotatedDocument) || !annotatedDocument.equals(jackson.toDocument(annotated))
                || !handDecodeAnnotated(annotatedDocument).equals(mapper.fromDocument(annotatedDocument, AnnotatedTask.class))) {
            throw new IllegalStateException("annotated: mappers disagree: " + handEncodeAnnotated(annotated) + " vs " + annotatedDocument);
        }
        pojo = handDecodePojo(document);
        pojoDocument = mapper.toDocument(pojo);
        if (!handEncodePojo(pojo).equals(pojoDocument) || !pojoDocument.equals(jackson.toDocument(pojo))
                || !handEncodePojo(mapper.fromDocument(pojoDocument, PojoTask.class)).equals(pojoDocument)) {
            throw new IllegalStateException("POJO: mappers disagree: " + handEncodePojo(pojo) + " vs " + pojoDocument);
        }
        if (!mapper.mappedByJackson().isEmpty() || mapper.fallbackCount() != 0) {
            throw new IllegalStateException("not on the direct path: " + mapper.mappedByJackson() + ", fallbacks " + mapper.fallbackCount());
        }
    }

    @Benchmark
    public Map<String, Object> jacksonEncode() {
        return jackson.toDocument(task);
    }

    @Benchmark
    public Object jacksonDecode() {
        return jackson.fromDocument(document, BenchTask.class);
    }

    @Benchmark
    public Map<String, Object> annotatedEncode() {
        return mapper.toDocument(annotated);
    }

    @Benchmark
    public Object annotatedDecode() {
        return mapper.fromDocument(annotatedDocument, AnnotatedTask.class);
    }

    @Benchmark
    public Map<String, Object> annotatedHandEncode() {
        return handEncodeAnnotated(annotated);
    }

    @Benchmark
    public Object annotatedHandDecode() {
        return handDecodeAnnotated(annotatedDocument);
    }

    @Benchmark
    public Map<String, Object> pojoEncode() {
        return mapper.toDocument(pojo);
    }

    @Benchmark
    public Object pojoDecode() {
        return mapper.fromDocument(pojoDocument, PojoTask.class);
    }

    @Benchmark
    public Map<String, Object> pojoHandEncode() {
        return handEncodePojo(pojo);
    }

    @Benchmark
    public Object pojoHandDecode() {
        return handDecodePojo(pojoDocument);
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

    @SuppressWarnings({"unchecked", "NullAway"}) // the document is a complete one the mapper wrote (setup() checks it): every key is there
    static BenchTask handDecode(Map<String, Object> d) {
        Map<String, Object> o = (Map<String, Object>) d.get("owner");
        return new BenchTask((String) d.get("id"), (String) d.get("title"), (String) d.get("status"),
                ((Number) d.get("priority")).intValue(), ((Number) d.get("estimateMinutes")).longValue(),
                ((Number) d.get("score")).doubleValue(), (BigDecimal) d.get("cost"), (Instant) d.get("dueAt"),
                (LocalDate) d.get("created"), (Boolean) d.get("archived"), List.copyOf((List<String>) d.get("tags")),
                new Owner((String) o.get("userId"), (String) o.get("name"), (String) o.get("email")),
                ((Number) d.get("version")).longValue());
    }

    static Map<String, Object> owner(Owner owner) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("userId", owner.userId());
        o.put("name", owner.name());
        o.put("email", owner.email());
        return o;
    }

    @SuppressWarnings({"unchecked", "NullAway"}) // a complete owner document the mapper wrote: every key is there
    static Owner owner(Object doc) {
        Map<String, Object> o = (Map<String, Object>) doc;
        return new Owner((String) o.get("userId"), (String) o.get("name"), (String) o.get("email"));
    }

    static Map<String, Object> handEncodeAnnotated(AnnotatedTask t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("_ident", t.id());
        d.put("t", t.title());
        d.put("status", t.status());
        d.put("priority", t.priority());
        d.put("estimateMinutes", t.estimateMinutes());
        d.put("score", t.score());
        d.put("cost", t.cost());
        d.put("dueAt", t.dueAt());
        d.put("created", t.created());
        d.put("archived", t.archived());
        if (t.tags() != null) {
            d.put("tags", new ArrayList<>(t.tags()));
        }
        d.put("owner", owner(t.owner()));
        d.put("version", t.version());
        return d;
    }

    @SuppressWarnings({"unchecked", "NullAway"}) // a complete document the mapper wrote: every key but the NON_NULL tags is there
    static AnnotatedTask handDecodeAnnotated(Map<String, Object> d) {
        Object tags = d.get("tags");
        return new AnnotatedTask((String) d.get("_ident"), (String) d.get("t"), (String) d.get("status"),
                ((Number) d.get("priority")).intValue(), ((Number) d.get("estimateMinutes")).longValue(),
                ((Number) d.get("score")).doubleValue(), (BigDecimal) d.get("cost"), (Instant) d.get("dueAt"),
                (LocalDate) d.get("created"), (Boolean) d.get("archived"), tags == null ? null : new ArrayList<>((List<String>) tags),
                owner(d.get("owner")), null, ((Number) d.get("version")).longValue());
    }

    static Map<String, Object> handEncodePojo(PojoTask t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", t.getId());
        d.put("title", t.getTitle());
        d.put("status", t.getStatus());
        d.put("priority", t.getPriority());
        d.put("estimateMinutes", t.getEstimateMinutes());
        d.put("score", t.getScore());
        d.put("cost", t.getCost());
        d.put("dueAt", t.getDueAt());
        d.put("created", t.getCreated());
        d.put("archived", t.isArchived());
        d.put("tags", new ArrayList<>(t.getTags()));
        d.put("owner", owner(t.getOwner()));
        d.put("version", t.getVersion());
        return d;
    }

    @SuppressWarnings({"unchecked", "NullAway"}) // a complete document the mapper wrote: every key is there
    static PojoTask handDecodePojo(Map<String, Object> d) {
        PojoTask t = new PojoTask((String) d.get("id"));
        t.setTitle((String) d.get("title"));
        t.setStatus((String) d.get("status"));
        t.setPriority(((Number) d.get("priority")).intValue());
        t.setEstimateMinutes(((Number) d.get("estimateMinutes")).longValue());
        t.setScore(((Number) d.get("score")).doubleValue());
        t.setCost((BigDecimal) d.get("cost"));
        t.setDueAt((Instant) d.get("dueAt"));
        t.setCreated((LocalDate) d.get("created"));
        t.setArchived((Boolean) d.get("archived"));
        t.setTags(new ArrayList<>((List<String>) d.get("tags")));
        t.setOwner(owner(d.get("owner")));
        t.setVersion(((Number) d.get("version")).longValue());
        return t;
    }
}
