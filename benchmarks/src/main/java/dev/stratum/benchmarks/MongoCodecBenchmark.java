package dev.stratum.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.stratum.api.Entity;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.Id;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.store.mongo.internal.MongoDocumentCodec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.io.BasicOutputBuffer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.mapping.Field;

/**
 * Client cost only, no server round trip: one entity to BSON bytes and back, through
 *
 * <ul>
 *   <li>{@code stratum}: Stratum's mapper (direct codecs) and the MongoDB store's BSON codec — what a
 *       Stratum write and read do on the client;
 *   <li>{@code spring}: Spring Data MongoDB's {@code MappingMongoConverter} (the default converter of a
 *       {@code MongoTemplate}) into a {@code Document}, and the driver's {@code DocumentCodec};
 *   <li>{@code pojo}: the driver's own {@code PojoCodecProvider} (automatic) / record codec, straight to BSON.
 * </ul>
 *
 * for {@code shape} = {@code record} (a plain record), {@code annotated} (a record renaming fields with
 * each library's annotation: {@code @JsonProperty}, {@code @Field}, {@code @BsonProperty}) and {@code pojo}
 * (getters/setters, no-arg constructor). Entity: 12 fields incl. BigDecimal, Instant, LocalDate, a list
 * and a nested record. The target is Stratum ≥ 1.5× Spring Data (time per round trip ≤ 2/3).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MongoCodecBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MongoCodecBenchmark {

    /** Nested value. */
    public record Owner(String userId, String name) {}

    /** The plain record. */
    @Entity("codec_tasks")
    public record PlainTask(@Id String id, String title, String status, int priority, long estimate, double score, BigDecimal cost,
            Instant dueAt, LocalDate created, boolean archived, List<String> tags, Owner owner) {}

    /** The record with renamed fields, annotated for every library. */
    @Entity("codec_tasks")
    public record AnnotatedTask(@Id String id, @JsonProperty("t") @Field("t") @BsonProperty("t") String title,
            @JsonProperty("s") @Field("s") @BsonProperty("s") String status, int priority, long estimate, double score, BigDecimal cost,
            Instant dueAt, LocalDate created, boolean archived, List<String> tags, Owner owner) {}

    /** The POJO. */
    @Entity("codec_tasks")
    @SuppressWarnings("NullAway.Init") // a bean: every path that builds one (Stratum, Spring, the driver's PojoCodec, sample()) sets every property
    public static class PojoTask {
        @Id private String id;
        private String title;
        private String status;
        private int priority;
        private long estimate;
        private double score;
        private BigDecimal cost;
        private Instant dueAt;
        private LocalDate created;
        private boolean archived;
        private List<String> tags;
        private Owner owner;

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
    }

    @Param({"record", "annotated", "pojo"})
    public String shape;

    private MongoServer server;
    private MongoClient client;
    private MongoStore store;
    private Object entity;
    private Class<Object> type;
    private EntityMapper mapper;
    @SuppressWarnings("rawtypes") // the store's codec is a Codec<Map>, as the driver's collection wants it
    private Codec<Map> stratumCodec;
    private MongoConverter springConverter;
    private Codec<Document> documentCodec;
    private Codec<Object> pojoCodec;
    private static final EncoderContext ENCODE = EncoderContext.builder().build();
    private static final DecoderContext DECODE = DecoderContext.builder().build();

    /** The benchmarked entity of a {@code shape} (record, annotated, pojo); also used by {@link RedisCodecBenchmark}. */
    static Object sample(String shape) {
        Instant due = Instant.parse("2026-12-01T10:15:30.123Z");
        List<String> tags = new ArrayList<>(List.of("backend", "urgent", "q4"));
        Owner owner = new Owner("user-42", "Ada Lovelace");
        switch (shape) {
            case "record":
                return new PlainTask("task-1", "Fix the login bug", "OPEN", 5, 120, 0.75, new BigDecimal("12.50"), due,
                        LocalDate.of(2026, 11, 2), false, tags, owner);
            case "annotated":
                return new AnnotatedTask("task-1", "Fix the login bug", "OPEN", 5, 120, 0.75, new BigDecimal("12.50"), due,
                        LocalDate.of(2026, 11, 2), false, tags, owner);
            default:
                PojoTask p = new PojoTask();
                p.setId("task-1"); p.setTitle("Fix the login bug"); p.setStatus("OPEN"); p.setPriority(5); p.setEstimate(120);
                p.setScore(0.75); p.setCost(new BigDecimal("12.50")); p.setDueAt(due); p.setCreated(LocalDate.of(2026, 11, 2));
                p.setArchived(false); p.setTags(tags); p.setOwner(owner);
                return p;
        }
    }

    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "BigDecimalEquals"}) // the round-trip check wants the scale kept too (12.50, not 12.5)
    public void setUp() {
        // the server only answers the store's index creation at set-up; the benchmarks do no I/O
        server = new MongoServer(new MemoryBackend());
        String uri = server.bindAndGetConnectionString();
        store = MongoStore.builder().uri(uri + "/codec").build();
        client = MongoClients.create(uri);
        entity = sample(shape);
        type = (Class<Object>) entity.getClass();
        mapper = store.config().mapper();
        // the codec MongoRepository installs on its collection (unwrap(MongoCollection.class) hands out a
        // Document-typed collection with the driver's codecs instead, so it is built here as the store builds it)
        stratumCodec = new MongoDocumentCodec(store.repository(type).metadata().idProperty());
        springConverter = new MongoTemplate(client, "codec").getConverter();
        CodecRegistry pojoRegistry = CodecRegistries.fromRegistries(MongoClientSettings.getDefaultCodecRegistry(),
                CodecRegistries.fromProviders(PojoCodecProvider.builder().automatic(true).build()));
        documentCodec = pojoRegistry.get(Document.class);
        pojoCodec = pojoRegistry.get(type);
        // every path must give the entity back
        for (Object back : new Object[] {stratum(), spring(), pojo()}) {
            if (shape.equals("pojo") ? !((PojoTask) back).getCost().equals(new BigDecimal("12.50")) : !back.equals(entity)) {
                throw new IllegalStateException(shape + ": a path does not round-trip: " + back);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        client.close();
        server.shutdownNow();
    }

    private static <V> byte[] encode(Codec<V> codec, V value) {
        BasicOutputBuffer out = new BasicOutputBuffer(512);
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            codec.encode(w, value, ENCODE);
        }
        return out.toByteArray();
    }

    private static <V> V decode(Codec<V> codec, byte[] bytes) {
        try (BsonBinaryReader r = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
            return codec.decode(r, DECODE);
        }
    }

    /** Stratum: entity → neutral map (direct codec) → BSON, and back. */
    @Benchmark
    @SuppressWarnings("unchecked")
    public Object stratum() {
        byte[] bson = encode(stratumCodec, mapper.toDocument(entity));
        return mapper.fromDocument(decode(stratumCodec, bson), type);
    }

    /** Spring Data: MappingMongoConverter into a Document → BSON, and back. */
    @Benchmark
    public Object spring() {
        Document d = new Document();
        springConverter.write(entity, d);
        return springConverter.read(type, decode(documentCodec, encode(documentCodec, d)));
    }

    /** The driver's PojoCodecProvider / record codec, straight to BSON and back. */
    @Benchmark
    public Object pojo() {
        return decode(pojoCodec, encode(pojoCodec, entity));
    }
}
