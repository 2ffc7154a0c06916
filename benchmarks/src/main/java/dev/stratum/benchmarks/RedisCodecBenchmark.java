package dev.stratum.benchmarks;

import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.benchmarks.MongoCodecBenchmark.PojoTask;
import dev.stratum.store.redis.internal.RedisDocumentCodec;
import java.util.Map;
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
import org.springframework.data.redis.core.convert.Bucket;
import org.springframework.data.redis.core.convert.MappingRedisConverter;
import org.springframework.data.redis.core.convert.RedisData;
import org.springframework.data.redis.core.mapping.RedisMappingContext;

/**
 * Client cost only, no server: one entity to the bytes the store sends to Redis and back, through
 *
 * <ul>
 *   <li>{@code stratum}: Stratum's mapper into a neutral document and the Redis store's JSON codec
 *       ({@code RedisDocumentCodec.encode}); back through {@code decodeNeutral} and the mapper, as the store's
 *       reads do — one JSON value per entity;
 *   <li>{@code spring}: Spring Data Redis's {@code MappingRedisConverter} (what {@code RedisKeyValueAdapter} uses)
 *       into a {@code RedisData} bucket, the raw hash fields and values {@code HMSET} sends, and back from those bytes.
 * </ul>
 *
 * Index entries are left out on both sides (Stratum's come from the store's write script arguments, Spring's from
 * its {@code IndexResolver}): this is the mapping alone. Same entities and shapes as {@link MongoCodecBenchmark}
 * ({@code record}, {@code annotated}: renamed with {@code @JsonProperty} for Stratum, which Spring Data Redis has no
 * equivalent of, {@code pojo}). The target (#16) is Stratum ≥ 1.5× Spring Data.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RedisCodecBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisCodecBenchmark {

    @Param({"record", "annotated", "pojo"})
    public String shape;

    private Object entity = new Object();
    private Class<Object> type = Object.class;
    private EntityMapper mapper = EntityMapper.defaults();
    private RedisDocumentCodec codec;
    private MappingRedisConverter converter;

    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "BigDecimalEquals"}) // the round-trip check wants the scale kept too (12.50, not 12.5)
    public void setUp() {
        entity = MongoCodecBenchmark.sample(shape);
        type = (Class<Object>) entity.getClass();
        mapper = EntityMapper.defaults();
        codec = new RedisDocumentCodec(mapper, EntityMetadata.of(type));
        RedisMappingContext context = new RedisMappingContext();
        converter = new MappingRedisConverter(context);
        converter.afterPropertiesSet();
        // both paths must give the entity back
        for (Object back : new Object[] {stratum(), spring()}) {
            PojoTask want = entity instanceof PojoTask p ? p : null;
            if (want != null ? !((PojoTask) back).getCost().equals(want.getCost()) || !((PojoTask) back).getDueAt().equals(want.getDueAt())
                    || !((PojoTask) back).getTags().equals(want.getTags()) : !back.equals(entity)) {
                throw new IllegalStateException(shape + ": a path does not round-trip: " + back);
            }
        }
    }

    /** Stratum: entity → neutral map → JSON bytes, and back as the store's reads do. */
    @Benchmark
    public Object stratum() {
        byte[] json = codec.encode(mapper.toDocument(entity));
        return mapper.fromDocument(codec.decodeNeutral(json), type);
    }

    /** Spring Data Redis: MappingRedisConverter into a hash bucket (raw bytes), and back from those bytes. */
    @Benchmark
    public Object spring() {
        RedisData data = new RedisData();
        converter.write(entity, data);
        Map<byte[], byte[]> hash = data.getBucket().rawMap();
        return converter.read(type, new RedisData(Bucket.newBucketFromRawMap(hash)));
    }
}
