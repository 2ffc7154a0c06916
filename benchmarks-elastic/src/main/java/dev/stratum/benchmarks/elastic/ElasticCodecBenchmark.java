package dev.stratum.benchmarks.elastic;

import com.fasterxml.jackson.annotation.JsonProperty;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.stratum.api.Entity;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.store.elastic.internal.ElasticDocuments;
import dev.stratum.store.elastic.internal.ElasticMapping;
import dev.stratum.store.elastic.internal.ElasticStoredSource;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.annotation.Id;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.elasticsearch.annotations.DateFormat;
import org.springframework.data.elasticsearch.annotations.Field;
import org.springframework.data.elasticsearch.annotations.FieldType;
import org.springframework.data.elasticsearch.core.convert.ElasticsearchCustomConversions;
import org.springframework.data.elasticsearch.core.convert.MappingElasticsearchConverter;
import org.springframework.data.elasticsearch.core.document.Document;
import org.springframework.data.elasticsearch.core.mapping.SimpleElasticsearchMappingContext;

/**
 * Client cost only, no server: one entity to the JSON {@code _source} sent to Elasticsearch and back, through
 *
 * <ul>
 *   <li>{@code stratum}: Stratum's mapper into a neutral document, the Elasticsearch store's {@code _source} builder
 *       (sidecars included) and the client's JSON-P mapper over the store's Jackson into bytes (the store's
 *       {@code _source} streams itself there); back through the client's mapper with the store's document class, the
 *       store's {@code fromSource} and the repository's decode — what a write and a read of the store do on the client;
 *   <li>{@code spring}: Spring Data Elasticsearch 5.5's {@code MappingElasticsearchConverter} (what
 *       {@code ElasticsearchTemplate} uses) into its {@code Document}, {@code toJson()}; back through
 *       {@code Document.parse} and the converter.
 * </ul>
 *
 * for {@code shape} = {@code record}, {@code annotated} (two fields renamed: {@code @JsonProperty} for Stratum,
 * {@code @Field(name = ...)} for Spring) and {@code pojo}. The Spring annotations a Spring user must write for
 * dates ({@code @Field(type = Date)}) are on every shape; Stratum ignores them. The target (#16) is Stratum ≥ 1.5×
 * Spring Data.
 *
 * <pre>java -jar benchmarks-elastic/target/benchmarks-elastic.jar ElasticCodecBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ElasticCodecBenchmark {

    /** Nested value. */
    public record Owner(String userId, String name) {}

    /** The plain record. */
    @Entity("codec_tasks")
    public record PlainTask(@dev.stratum.api.Id @Id String id, String title, String status, int priority, long estimate, double score,
            BigDecimal cost, @Field(type = FieldType.Date, format = DateFormat.date_time) Instant dueAt,
            @Field(type = FieldType.Date, format = DateFormat.date) LocalDate created, boolean archived, List<String> tags, Owner owner) {}

    /** The record with renamed fields, annotated for both libraries. */
    @Entity("codec_tasks")
    public record AnnotatedTask(@dev.stratum.api.Id @Id String id, @JsonProperty("t") @Field(name = "t") String title,
            @JsonProperty("s") @Field(name = "s") String status, int priority, long estimate, double score, BigDecimal cost,
            @Field(type = FieldType.Date, format = DateFormat.date_time) Instant dueAt,
            @Field(type = FieldType.Date, format = DateFormat.date) LocalDate created, boolean archived, List<String> tags, Owner owner) {}

    /** The POJO. */
    @Entity("codec_tasks")
    public static class PojoTask {
        @dev.stratum.api.Id @Id private String id = "";
        private String title = "";
        private String status = "";
        private int priority;
        private long estimate;
        private double score;
        private BigDecimal cost = BigDecimal.ZERO;
        @Field(type = FieldType.Date, format = DateFormat.date_time) private Instant dueAt = Instant.EPOCH;
        @Field(type = FieldType.Date, format = DateFormat.date) private LocalDate created = LocalDate.EPOCH;
        private boolean archived;
        private List<String> tags = List.of();
        private Owner owner = new Owner("", "");

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getTitle() { return title; }
        public void setTitle(String title) { this.title = title; }
        public String getStatus() { return status; }
        public void setStatus(String status) { this.status = status; }
        public int getPriority() { return priority; }
        public void setPriority(int priority) { this.priority = priority; }
        public long getEstimate() { return estimate; }
        public void setEstimate(long estimate) { this.estimate = estimate; }
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

        @Override
        public boolean equals(Object o) {
            return o instanceof PojoTask p && id.equals(p.id) && title.equals(p.title) && status.equals(p.status) && priority == p.priority
                    && estimate == p.estimate && score == p.score && cost.compareTo(p.cost) == 0 && dueAt.equals(p.dueAt)
                    && created.equals(p.created) && archived == p.archived && tags.equals(p.tags) && owner.equals(p.owner);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, title, status);
        }
    }

    /** BigDecimal written as its text. */
    @WritingConverter
    static final class BigDecimalToText implements Converter<BigDecimal, String> {
        @Override
        public String convert(BigDecimal source) {
            return source.toString();
        }
    }

    /** BigDecimal read from its text. */
    @ReadingConverter
    static final class TextToBigDecimal implements Converter<String, BigDecimal> {
        @Override
        public BigDecimal convert(String source) {
            return new BigDecimal(source);
        }
    }

    @Param({"record", "annotated", "pojo"})
    public String shape;

    private Object entity = new Object();
    private Class<Object> type = Object.class;
    private EntityMapper mapper = EntityMapper.defaults();
    private ObjectMapper json = new ObjectMapper();
    private ElasticDocuments documents;
    private JacksonJsonpMapper clientJson;
    private MappingElasticsearchConverter converter;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        Instant due = Instant.parse("2026-12-01T10:15:30.123Z");
        List<String> tags = new ArrayList<>(List.of("backend", "urgent", "q4"));
        Owner owner = new Owner("user-42", "Ada Lovelace");
        // 12.5, not 12.50: Spring Data gives a BigDecimal back from the JSON number, which drops the scale
        BigDecimal cost = new BigDecimal("12.5");
        switch (shape) {
            case "record":
                entity = new PlainTask("task-1", "Fix the login bug", "OPEN", 5, 120, 0.75, cost, due, LocalDate.of(2026, 11, 2), false, tags,
                        owner);
                break;
            case "annotated":
                entity = new AnnotatedTask("task-1", "Fix the login bug", "OPEN", 5, 120, 0.75, cost, due, LocalDate.of(2026, 11, 2), false,
                        tags, owner);
                break;
            default:
                PojoTask p = new PojoTask();
                p.setId("task-1"); p.setTitle("Fix the login bug"); p.setStatus("OPEN"); p.setPriority(5); p.setEstimate(120);
                p.setScore(0.75); p.setCost(cost); p.setDueAt(due); p.setCreated(LocalDate.of(2026, 11, 2));
                p.setArchived(false); p.setTags(tags); p.setOwner(owner);
                entity = p;
        }
        type = (Class<Object>) entity.getClass();
        mapper = EntityMapper.defaults();
        // the store's Jackson (ElasticStore: the mapper's ObjectMapper, BigDecimals as strings)
        json = mapper.objectMapper().copy().registerModule(new SimpleModule("bench").addSerializer(BigDecimal.class, ToStringSerializer.instance));
        EntityMetadata<Object> meta = EntityMetadata.of(type);
        documents = new ElasticDocuments(json, new ElasticMapping(meta, json, false), meta);
        clientJson = new JacksonJsonpMapper(json); // ElasticConnection: the client's mapper over the store's Jackson
        // Spring Data Elasticsearch has no BigDecimal conversion of its own (it would reflect into BigDecimal's fields):
        // a user registers one, as here, the same text form as Stratum's
        ElasticsearchCustomConversions conversions = new ElasticsearchCustomConversions(List.of(new BigDecimalToText(), new TextToBigDecimal()));
        SimpleElasticsearchMappingContext context = new SimpleElasticsearchMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        converter = new MappingElasticsearchConverter(context);
        converter.setConversions(conversions);
        converter.afterPropertiesSet();
        for (Object back : new Object[] {stratum(), spring()}) {
            if (!back.equals(entity)) {
                throw new IllegalStateException(shape + ": a path does not round-trip: " + back);
            }
        }
    }

    /**
     * Stratum: entity → neutral map → the store's {@code _source} → JSON bytes through the client's JSON-P mapper (as
     * the client writes a document), and back through the client's mapper with the store's document class (as its
     * gets and searches read {@code _source}), the store's {@code fromSource} and the repository's decode.
     */
    @Benchmark
    public Object stratum() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = clientJson.jsonProvider().createGenerator(out)) {
            clientJson.serialize(documents.toSource(mapper.toDocument(entity), 0L), g);
        }
        try (JsonParser p = clientJson.jsonProvider().createParser(new ByteArrayInputStream(out.toByteArray()))) {
            ElasticStoredSource source = ElasticStoredSource._DESERIALIZER.deserialize(p, clientJson, p.next());
            return mapper.fromDocument(documents.withDates(ElasticDocuments.fromSource(source)), type);
        }
    }

    /** Spring Data Elasticsearch: MappingElasticsearchConverter into a Document → JSON, and back. */
    @Benchmark
    public Object spring() {
        Document d = Document.create();
        converter.write(entity, d);
        String text = d.toJson();
        return converter.read(type, Document.parse(text));
    }
}
