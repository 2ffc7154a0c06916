package dev.stratum.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.MappingException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The direct codecs must give exactly what the Jackson path gives, both ways, and never fall back silently. */
class DirectCodecTest {
    public enum Level { LOW, HIGH }

    public record Inner(String name, int n, List<Level> levels) {}

    public record Everything(String id, int i, Integer boxed, long l, Long boxedLong, double d, Double boxedDouble, boolean b,
            Boolean boxedBool, BigDecimal dec, Instant at, LocalDate day, UUID uuid, Level level, byte[] bytes, List<String> tags,
            Map<String, Integer> counts, Inner inner, List<Inner> inners, Map<String, Inner> byName) {}

    public record Renamed(@JsonProperty("n") String name) {}

    public record Required(@JsonProperty(value = "name", required = true) String name) {}

    public record Aliased(@com.fasterxml.jackson.annotation.JsonAlias("nom") String name) {}

    public record Counter(int count) {}

    public record Checked(String name) {
        public Checked {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("name must not be empty");
            }
        }
    }

    public record Snake(String firstName, int lineCount) {}

    /** Wider than one composed handle: a creator read in a loop, setters in several groups. */
    public record WideRecord(int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8, int a9, int a10, int a11, int a12, int a13, int a14, int a15, int a16, int a17, int a18, int a19, int a20, int a21, int a22, int a23, int a24, int a25, int a26, int a27, int a28, int a29, int a30, int a31, int a32, int a33, int a34, int a35, int a36, int a37, int a38, int a39) {}

    @SuppressWarnings("UnusedVariable") // written and read by Jackson and the codec only
    public static final class WideBean {
        public int f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29, f30, f31, f32, f33, f34, f35, f36, f37, f38, f39;
        public @org.jspecify.annotations.Nullable String last = "kept";
    }

    /** Private creator and setters, a builder-style setter, a field-only property, defaults kept when a property is absent. */
    public static final class Settings {
        private final String name;
        private int retries = 3;
        private @org.jspecify.annotations.Nullable String note = "none";
        @com.fasterxml.jackson.annotation.JsonProperty private long limit = 7;
        private @org.jspecify.annotations.Nullable Level level = Level.HIGH;

        private Settings(String name) {
            this.name = name;
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        static Settings of(@JsonProperty("name") String name) {
            return new Settings(name);
        }

        public String getName() { return name; }
        public int getRetries() { return retries; }
        private void setRetries(int retries) { this.retries = retries; }
        public @org.jspecify.annotations.Nullable String getNote() { return note; }
        public Settings setNote(@org.jspecify.annotations.Nullable String note) { this.note = note; return this; }
        public @org.jspecify.annotations.Nullable Level getLevel() { return level; }
        public void setLevel(@org.jspecify.annotations.Nullable Level level) { this.level = level; }

        @Override
        public String toString() {
            return name + "/" + retries + "/" + note + "/" + limit + "/" + level;
        }
    }

    private final EntityMapper direct = EntityMapper.defaults();
    private final EntityMapper jackson = EntityMapper.defaults().withDirectCodecs(false);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99999})
    void directAndJacksonAgree(long seed) {
        assertThat(codecOf(Everything.class)).as("Everything takes the direct path").isNotNull();
        Random r = new Random(seed);
        for (int k = 0; k < 50; k++) {
            Everything e = random(r);
            Map<String, Object> a = direct.toDocument(e);
            Map<String, Object> b = jackson.toDocument(e);
            assertThat(canonical(a)).as("seed %d #%d encode", seed, k).isEqualTo(canonical(b));
            Everything da = direct.fromDocument(b, Everything.class);
            Everything db = jackson.fromDocument(b, Everything.class);
            assertThat(canonical(direct.toDocument(da))).as("seed %d #%d decode", seed, k).isEqualTo(canonical(jackson.toDocument(db)));
        }
    }

    @Test
    void pojosDecodeLikeJacksonWhetherAPropertyIsPresentNullOrAbsent() {
        assertThat(codecOf(Settings.class)).isNotNull();
        Map<String, Object> full = jackson.toDocument(Settings.of("a").setNote("n"));
        assertThat(full).containsOnlyKeys("name", "retries", "note", "limit", "level");
        Map<String, Object> shuffled = new java.util.HashMap<>(full);
        shuffled.put("unknown", List.of(1, 2));
        Map<String, Object> nulls = new LinkedHashMap<>();
        nulls.put("name", "b");
        nulls.put("retries", null);
        nulls.put("note", null);
        nulls.put("limit", null);
        nulls.put("level", null);
        for (Map<String, ?> doc : List.<Map<String, ?>>of(full, shuffled, nulls, Map.of("name", "c"), Map.of("retries", 5, "level", "LOW"), Map.of())) {
            long before = direct.fallbackCount();
            assertThat(direct.fromDocument(doc, Settings.class)).as("%s", doc).hasToString(jackson.fromDocument(doc, Settings.class).toString());
            assertThat(direct.fallbackCount()).as("%s", doc).isEqualTo(before);
        }
        assertThat(direct.fromDocument(Map.of("name", "c"), Settings.class)).hasToString("c/3/none/7/HIGH");
        assertThat(direct.fromDocument(nulls, Settings.class)).hasToString("b/0/null/0/null");
        assertThat(direct.mappedByJackson()).doesNotContainKey(Settings.class);
    }

    @Test
    void wideTypesDecodeLikeJackson() {
        assertThat(codecOf(WideRecord.class)).isNotNull();
        assertThat(codecOf(WideBean.class)).isNotNull();
        Map<String, Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < 40; i += 3) {
            doc.put("a" + i, i);
            doc.put("f" + i, i);
        }
        doc.put("f39", null);
        assertThat(direct.fromDocument(doc, WideRecord.class)).isEqualTo(jackson.fromDocument(doc, WideRecord.class));
        assertThat(direct.toDocument(direct.fromDocument(doc, WideBean.class))).isEqualTo(jackson.toDocument(jackson.fromDocument(doc, WideBean.class)))
                .containsEntry("f3", 3).containsEntry("f39", 0).containsEntry("last", "kept");
        doc.put("last", null);
        assertThat(direct.toDocument(direct.fromDocument(doc, WideBean.class))).containsEntry("last", null);
    }

    @Test
    void aRequiredCreatorPropertyMissingGivesJacksonsError() {
        assertThat(codecOf(Required.class)).isNotNull();
        assertThatThrownBy(() -> direct.fromDocument(Map.of("other", 1), Required.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("Missing required creator property 'name'");
        assertThat(direct.fromDocument(Map.of("name", "x"), Required.class)).isEqualTo(new Required("x"));
    }

    @Test
    void aRenameIsHonouredOnTheDirectPath() {
        assertThat(codecOf(Renamed.class)).isNotNull();
        assertThat(direct.toDocument(new Renamed("x"))).containsEntry("n", "x");
        assertThat(direct.fromDocument(Map.of("n", "y"), Renamed.class)).isEqualTo(new Renamed("y"));
    }

    @Test
    void typesWithUnusualMappingStayWithJacksonWithTheReason() {
        EntityMapper mapper = EntityMapper.defaults().withDirectCodecs(true);
        assertThat(mapper.fromDocument(Map.of("nom", "x"), Aliased.class)).isEqualTo(new Aliased("x"));
        assertThat(mapper.mappedByJackson()).containsKey(Aliased.class);
        assertThat(mapper.mappedByJackson().get(Aliased.class)).contains("JsonAlias");
        EntityMapper custom = EntityMapper.create(m -> m.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                .addSerializer(Integer.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer())));
        assertThat(custom.toDocument(new Counter(3))).containsEntry("count", 3); // primitive int keeps Jackson's own serializer
        assertThat(custom.mappedByJackson()).doesNotContainKey(Counter.class);
    }

    @Test
    void aNamingStrategyIsFollowedByTheDirectCodec() {
        EntityMapper snake = EntityMapper.create(m -> m.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE));
        assertThat(snake.toDocument(new Snake("Ada", 3))).containsExactly(Map.entry("first_name", "Ada"), Map.entry("line_count", 3));
        assertThat(snake.fromDocument(Map.of("first_name", "Bo", "line_count", 4), Snake.class)).isEqualTo(new Snake("Bo", 4));
        assertThat(snake.mappedByJackson()).isEmpty();
    }

    @Test
    void aFallbackIsCountedAndInStrictModeAnError() {
        String before = System.getProperty(EntityMapper.STRICT_PROPERTY);
        EntityMapper mapper = EntityMapper.defaults().withDirectCodecs(true);
        try {
            System.setProperty(EntityMapper.STRICT_PROPERTY, "false");
            assertThat(mapper.fromDocument(Map.of("count", "12"), Counter.class)).isEqualTo(new Counter(12)); // Jackson coerces text
            assertThat(mapper.fallbackCount()).isEqualTo(1);
            System.setProperty(EntityMapper.STRICT_PROPERTY, "true");
            assertThatThrownBy(() -> mapper.fromDocument(Map.of("count", "12"), Counter.class)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Counter.class.getName()).hasMessageContaining("from java.lang.String");
            assertThat(mapper.fallbackCount()).isEqualTo(2);
            // bad data stays Jackson's MappingException in strict mode too
            assertThatThrownBy(() -> mapper.fromDocument(Map.of("count", "twelve"), Counter.class)).isInstanceOf(MappingException.class);
        } finally {
            if (before == null) {
                System.clearProperty(EntityMapper.STRICT_PROPERTY);
            } else {
                System.setProperty(EntityMapper.STRICT_PROPERTY, before);
            }
        }
    }

    @Test
    void whatTheEntitysOwnCodeThrowsIsAMappingExceptionNotAFallback() {
        assertThat(codecOf(Checked.class)).isNotNull();
        long before = direct.fallbackCount();
        assertThatThrownBy(() -> direct.fromDocument(Map.of("name", ""), Checked.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("name must not be empty");
        assertThat(direct.fallbackCount()).isEqualTo(before);
    }

    @Test
    void lenientStoredFormsDecode() {
        Map<String, Object> doc = new LinkedHashMap<>(direct.toDocument(random(new Random(7))));
        doc.put("at", "2026-01-02T03:04:05.678Z");
        doc.put("day", "2026-01-02");
        doc.put("uuid", "123e4567-e89b-12d3-a456-426614174000");
        doc.put("dec", "12.50");
        doc.put("l", 5);
        Everything e = direct.fromDocument(doc, Everything.class);
        assertThat(e.at()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(e.day()).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(e.dec()).isEqualTo(new BigDecimal("12.50"));
        assertThat(e.l()).isEqualTo(5L);
    }

    @Test
    void unexpectedValuesFallBackToJacksonErrors() {
        Map<String, Object> doc = new LinkedHashMap<>(direct.toDocument(random(new Random(8))));
        doc.put("level", "MEDIUM");
        assertThatThrownBy(() -> direct.fromDocument(doc, Everything.class)).isInstanceOf(MappingException.class).hasMessageContaining("MEDIUM");
    }

    static @org.jspecify.annotations.Nullable DirectCodec codecOf(Class<?> type) {
        DirectCodecFactory.Result r = new DirectCodecFactory(EntityMapper.defaults().objectMapper(), null).build(type);
        assertThat(r.codec()).as("%s: %s", type.getSimpleName(), r.reason()).isNotNull();
        return r.codec();
    }

    private static Object canonical(Object v) {
        if (v instanceof byte[] b) {
            return Arrays.toString(b);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.TreeMap<>();
            m.forEach((k, x) -> out.put(k, x == null ? "<null>" : canonical(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> x == null ? "<null>" : canonical(x)).toList();
        }
        return v;
    }

    private static Everything random(Random r) {
        return new Everything(r.nextBoolean() ? null : "id-" + r.nextInt(), r.nextInt(), r.nextBoolean() ? null : r.nextInt(), r.nextLong(),
                r.nextBoolean() ? null : r.nextLong(), r.nextDouble(), r.nextBoolean() ? null : r.nextDouble(), r.nextBoolean(),
                r.nextBoolean() ? null : r.nextBoolean(), r.nextBoolean() ? null : BigDecimal.valueOf(r.nextLong(), r.nextInt(6)),
                r.nextBoolean() ? null : Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000)),
                r.nextBoolean() ? null : LocalDate.ofEpochDay(r.nextInt(40000)), r.nextBoolean() ? null : new UUID(r.nextLong(), r.nextLong()),
                r.nextBoolean() ? null : Level.values()[r.nextInt(2)], r.nextBoolean() ? null : bytes(r),
                r.nextBoolean() ? null : List.of("a" + r.nextInt(), "\u00e9\u4e2d\ud83d\ude00"),
                r.nextBoolean() ? null : Map.of("x", r.nextInt()), r.nextBoolean() ? null : new Inner("n", r.nextInt(), List.of(Level.LOW)),
                r.nextBoolean() ? null : List.of(new Inner("a", 1, List.of())), r.nextBoolean() ? null : Map.of("k", new Inner("b", 2, List.of(Level.HIGH))));
    }

    private static byte[] bytes(Random r) {
        byte[] b = new byte[r.nextInt(20)];
        r.nextBytes(b);
        return b;
    }
}
