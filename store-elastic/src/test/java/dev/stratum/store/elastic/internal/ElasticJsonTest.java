package dev.stratum.store.elastic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.stratum.api.EntityMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The streamed {@code _source} JSON ({@link ElasticJson}, {@link ElasticSource}, {@link ElasticStoredSource}) must be
 * byte for byte what the store's {@code ObjectMapper} writes and map for map what it reads, or documents written
 * before would no longer match (canonical lists, unique keys) or decode differently. No server needed.
 */
class ElasticJsonTest {
    /** The store's Jackson, as {@code ElasticStore} builds it. */
    private final ObjectMapper json = EntityMapper.defaults().objectMapper().copy()
            .registerModule(new SimpleModule("test").addSerializer(BigDecimal.class, ToStringSerializer.instance));
    private final Random random = new Random(20261130L);

    @Test
    void writesExactlyWhatTheMapperWrites() throws Exception {
        assertThat(ElasticJson.sameAsMapper(json)).isTrue();
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> doc = document(0);
            assertThat(streamed(doc)).as("%s", doc).isEqualTo(json.writeValueAsString(doc));
        }
    }

    @Test
    void readsExactlyWhatTheMapperReadsSidecarIncluded() throws Exception {
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> doc = document(0);
            String text = json.writeValueAsString(doc);
            assertThat(read(text)).as(text).isEqualTo(json.readValue(text, Map.class));
        }
        String withSidecar = "{\"id\":\"a\",\"d\":0.0,\"$stratum\":{\"lists\":{\"tags\":\"[\\\"x\\\"]\"},\"v\":{\"c\":\"1x\"},"
                + "\"z\":[\"/d\"],\"x\":{\"n\":\"1\"},\"expireAt\":1700000000000}}";
        Map<String, Object> read = read(withSidecar);
        assertThat(read).as("a migration's copy writes back what it reads").isEqualTo(json.readValue(withSidecar, Map.class));
        assertThat(ElasticDocuments.fromSource(read)).containsEntry("d", -0.0d).doesNotContainKey(ElasticMapping.SIDECAR);
    }

    @Test
    void throughTheClientsMapperTheSourceStreamsAndReadsItself() {
        JacksonJsonpMapper client = new JacksonJsonpMapper(json);
        for (int i = 0; i < 500; i++) {
            Map<String, Object> doc = document(0);
            ElasticSource source = new ElasticSource(doc, 0, json, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (jakarta.json.stream.JsonGenerator g = client.jsonProvider().createGenerator(out)) {
                client.serialize(source, g);
            }
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(text).isEqualTo(new String(writeWithMapper(doc), StandardCharsets.UTF_8));
            try (jakarta.json.stream.JsonParser p = client.jsonProvider().createParser(new ByteArrayInputStream(out.toByteArray()))) {
                ElasticStoredSource back = ElasticStoredSource._DESERIALIZER.deserialize(p, client, p.next());
                assertThat(back).isEqualTo(readWithMapper(text));
            }
        }
    }

    @Test
    void aMapperThatWritesDifferentlyKeepsItsOwnPath() throws Exception {
        ObjectMapper plain = EntityMapper.defaults().objectMapper().copy(); // BigDecimal as a JSON number
        assertThat(ElasticJson.sameAsMapper(plain)).isFalse();
        Map<String, Object> doc = Map.of("c", new BigDecimal("1.50"), "t", Instant.parse("2026-01-02T03:04:05.678Z"));
        ElasticSource source = new ElasticSource(doc, 0, plain, false);
        StringWriter out = new StringWriter();
        try (JsonGenerator g = plain.getFactory().createGenerator(out)) {
            source.writeTo(g);
        }
        assertThat(out.toString()).isEqualTo(plain.writeValueAsString(new LinkedHashMap<>(doc)));
    }

    @Test
    void instantsAreWrittenAndParsedAsTheJdkDoes() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochMilli(-1), Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.5Z"), Instant.parse("2024-02-29T12:00:00.001Z"),
                Instant.parse("2026-12-01T10:15:30.123456Z"), Instant.parse("2026-12-01T10:15:30.100Z")));
        for (int i = 0; i < 20_000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-80_000_000_000L, 300_000_000_000L), random.nextInt(1_000_000_000)));
        }
        for (Instant i : instants) {
            String expected = i.truncatedTo(ChronoUnit.MILLIS).toString();
            assertThat(ElasticJson.instantText(i)).as("%s", i).isEqualTo(expected);
            String full = i.toString();
            Instant parsed = ElasticJson.parseInstant(full);
            if (parsed != null) {
                assertThat(parsed).as(full).isEqualTo(Instant.parse(full));
            } else {
                assertThat(full).as("only years outside 0..9999 are left to the JDK").matches("[+-].*");
            }
            LocalDate d = LocalDate.ofInstant(i, java.time.ZoneOffset.UTC);
            LocalDate parsedDate = ElasticJson.parseDate(d.toString());
            if (parsedDate != null) {
                assertThat(parsedDate).isEqualTo(d);
            } else {
                assertThat(d.toString()).matches("[+-].*");
            }
        }
        for (String odd : List.of("2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:59:60Z", "2026-01-01t00:00:00Z",
                "2026-01-01T00:00:00z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00+01:00",
                "2026-01-01 00:00:00Z", "20260101T000000Z", "2026-01-01", "x")) {
            assertThat(ElasticJson.parseInstant(odd)).as(odd).isNull();
        }
        for (String odd : List.of("2026-02-30", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00:00:00Z")) {
            assertThat(ElasticJson.parseDate(odd)).as(odd).isNull();
        }
    }

    private String streamed(Map<String, Object> doc) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            ElasticJson.write(g, doc, json);
        }
        return out.toString();
    }

    private byte[] writeWithMapper(Map<String, Object> doc) {
        try {
            return json.writeValueAsBytes(doc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<?, ?> readWithMapper(String text) {
        try {
            return json.readValue(text, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> read(String text) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (JsonParser p = json.getFactory().createParser(text)) {
            p.nextToken();
            ElasticJson.readSource(p, out);
        }
        return out;
    }

    private Map<String, Object> document(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = random.nextInt(depth == 0 ? 14 : 4);
        for (int i = 0; i < n; i++) {
            m.put(key(), random.nextInt(10) == 0 ? null : value(depth));
        }
        return m;
    }

    private String key() {
        return switch (random.nextInt(4)) {
            case 0 -> "k" + random.nextInt(100);
            case 1 -> "name" + random.nextInt(10);
            case 2 -> "é" + random.nextInt(5);
            default -> "with \"q\"" + random.nextInt(3);
        };
    }

    private Object value(int depth) {
        int kind = random.nextInt(depth < 3 ? 20 : 17);
        return switch (kind) {
            case 0 -> text();
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> random.nextBoolean() ? random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) : -random.nextDouble();
            case 4 -> List.of(Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0.0, 1e21, 1e-7, Double.NaN, Double.POSITIVE_INFINITY)
                    .get(random.nextInt(8));
            case 5 -> random.nextBoolean();
            case 6 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(40) - 20);
            case 7 -> Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
            case 8 -> LocalDate.ofEpochDay(random.nextLong(-800_000, 2_900_000));
            case 9 -> new UUID(random.nextLong(), random.nextLong());
            case 10 -> {
                byte[] b = new byte[random.nextInt(6)];
                random.nextBytes(b);
                yield b;
            }
            case 11 -> BigInteger.valueOf(random.nextLong()).shiftLeft(random.nextInt(70));
            case 12 -> random.nextFloat();
            case 13 -> Long.MIN_VALUE;
            case 14, 15 -> text();
            case 16 -> new ArrayList<>(); // a null is below
            case 17 -> document(depth + 1);
            case 18 -> {
                List<Object> l = new ArrayList<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    l.add(random.nextInt(8) == 0 ? null : value(depth + 1));
                }
                yield l;
            }
            default -> random.nextInt(3) == 0 ? "" : text();
        };
    }

    private String text() {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(10);
            b.append(c < 6 ? (char) ('a' + random.nextInt(26)) : c == 6 ? (char) random.nextInt(0x20) : c == 7 ? '"' : c == 8 ? '\\' : '\u65e5');
        }
        return b.toString();
    }
}
