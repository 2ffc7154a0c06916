package dev.stratum.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EntityMapper}: every supported value type to the neutral form and back, for records and
 * POJOs, on both of its paths (the default mapper's direct record codec and plain Jackson); the
 * lenient reading of other stores' native forms; JSON text as JSON stores hold it.
 */
class EntityMapperTest {

    public enum Level { LOW, HIGH }

    public record Address(String city, List<String> postcodes) {}

    public record Everything(UUID id, String text, boolean flag, int count, long total, double ratio, BigDecimal amount, Instant at,
            LocalDate day, UUID ref, Level level, byte[] blob, Address address, List<String> names, List<Address> addresses,
            Map<String, Object> attrs, Map<String, Integer> scores, Integer boxed, Boolean maybe) {}

    /** The same as a POJO. */
    public static class Bean {
        private UUID id;
        private String text;
        private boolean flag;
        private long total;
        private BigDecimal amount;
        private Instant at;
        private LocalDate day;
        private Level level;
        private byte[] blob;
        private Address address;
        private Map<String, Object> attrs;

        public UUID getId() {
            return id;
        }

        public String getText() {
            return text;
        }

        public boolean isFlag() {
            return flag;
        }

        public Instant getAt() {
            return at;
        }
    }

    public record Amount(BigDecimal amount, double ratio, long big) {}

    public record Ticket(String title, int priority) {}

    public record CamelCase(String firstName, int lineCount) {}

    public record Broken(Object value) {}

    static Stream<Arguments> mappers() {
        return Stream.of(Arguments.of("default (direct records)", EntityMapper.defaults()),
                Arguments.of("plain Jackson", EntityMapper.defaults().withDirectCodecs(false)),
                Arguments.of("customised (direct codecs)", EntityMapper.create(m -> {})));
    }

    private static Everything sample() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("s", "x");
        attrs.put("i", 42);
        attrs.put("l", 9_007_199_254_740_993L);
        attrs.put("d", 2.5);
        attrs.put("b", true);
        attrs.put("n", null);
        attrs.put("list", Arrays.asList(1, "two", null, Map.of("k", "v")));
        attrs.put("map", Map.of("deeper", Map.of("名前", "値 🚀")));
        Address a = new Address("Zürich", List.of("8001"));
        return new Everything(UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), "数据 🚀 ✓", true, Integer.MIN_VALUE, Long.MAX_VALUE,
                -1.5e-300, new BigDecimal("12345678901234567890.123456789"), Instant.parse("2024-02-29T13:14:15.123456789Z"),
                LocalDate.of(2024, 2, 29), UUID.randomUUID(), Level.HIGH, new byte[] {0, 1, -1, 127, -128}, a, List.of("a", "", "🙂"),
                List.of(a, new Address("Genève", List.of())), attrs, Map.of("x", 1), null, Boolean.FALSE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappers")
    void everyValueTypeBecomesItsNeutralForm(String name, EntityMapper mapper) {
        Everything e = sample();
        Map<String, Object> doc = mapper.toDocument(e);
        assertThat(doc.keySet()).containsExactly("id", "text", "flag", "count", "total", "ratio", "amount", "at", "day", "ref", "level", "blob",
                "address", "names", "addresses", "attrs", "scores", "boxed", "maybe");
        assertThat(doc.get("id")).isEqualTo(e.id());
        assertThat(doc.get("flag")).isEqualTo(Boolean.TRUE);
        assertThat(doc.get("count")).isEqualTo(Integer.MIN_VALUE);
        assertThat(doc.get("total")).isEqualTo(Long.MAX_VALUE);
        assertThat(doc.get("ratio")).isEqualTo(-1.5e-300);
        assertThat(doc.get("amount")).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        assertThat(doc.get("at")).as("instants truncated to milliseconds").isEqualTo(Instant.parse("2024-02-29T13:14:15.123Z"));
        assertThat(doc.get("day")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(doc.get("level")).as("enums by name").isEqualTo("HIGH");
        assertThat(doc.get("blob")).isInstanceOf(byte[].class).isEqualTo(new byte[] {0, 1, -1, 127, -128});
        assertThat(doc.get("address")).isEqualTo(Map.of("city", "Zürich", "postcodes", List.of("8001")));
        assertThat(doc.get("addresses")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(2).first().isInstanceOf(Map.class);
        assertThat(doc).containsEntry("boxed", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> attrs = (Map<String, Object>) doc.get("attrs");
        assertThat(attrs.get("i")).isEqualTo(42);
        assertThat(attrs.get("l")).isEqualTo(9_007_199_254_740_993L);
        assertThat(attrs).containsEntry("n", null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappers")
    void aRecordRoundTrips(String name, EntityMapper mapper) {
        Everything e = sample();
        Everything back = mapper.fromDocument(mapper.toDocument(e), Everything.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(
                new Everything(e.id(), e.text(), e.flag(), e.count(), e.total(), e.ratio(), e.amount(), Instant.parse("2024-02-29T13:14:15.123Z"),
                        e.day(), e.ref(), e.level(), e.blob(), e.address(), e.names(), e.addresses(), e.attrs(), e.scores(), null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappers")
    void aPojoRoundTrips(String name, EntityMapper mapper) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("id", UUID.fromString("00000000-0000-0000-0000-00000000000a"));
        doc.put("text", "pojo ✓");
        doc.put("flag", true);
        doc.put("total", 5L);
        doc.put("amount", new BigDecimal("0.10"));
        doc.put("at", Instant.parse("2020-01-01T00:00:00.001Z"));
        doc.put("day", LocalDate.of(1999, 12, 31));
        doc.put("level", "LOW");
        doc.put("blob", new byte[] {9});
        doc.put("address", Map.of("city", "Bern", "postcodes", List.of()));
        doc.put("attrs", Map.of("k", List.of(1, 2)));
        Bean b = mapper.fromDocument(doc, Bean.class);
        assertThat(b.getText()).isEqualTo("pojo ✓");
        assertThat(b.isFlag()).isTrue();
        assertThat(mapper.toDocument(b)).usingRecursiveComparison().isEqualTo(doc);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappers")
    void otherStoresNativeFormsAreReadLeniently(String name, EntityMapper mapper) {
        UUID u = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        byte[] uuidBytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        Map<String, Object> doc = new HashMap<>();
        doc.put("id", u.toString());
        doc.put("ref", uuidBytes);
        doc.put("at", "2024-02-29T13:14:15.123Z");
        doc.put("day", "2024-02-29");
        doc.put("amount", "19.90");
        doc.put("blob", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        doc.put("level", "LOW");
        doc.put("unknownPropertyAddedByAMigration", Map.of("x", 1));
        Everything e = mapper.fromDocument(doc, Everything.class);
        assertThat(e.id()).isEqualTo(u);
        assertThat(e.ref()).isEqualTo(u);
        assertThat(e.at()).isEqualTo(Instant.parse("2024-02-29T13:14:15.123Z"));
        assertThat(e.day()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(e.amount()).isEqualTo(new BigDecimal("19.90"));
        assertThat(e.blob()).containsExactly(1, 2, 3);
        assertThat(e.text()).as("absent properties read as defaults").isNull();
        assertThat(e.count()).isZero();

        doc.put("at", 1_709_212_455_123L);
        doc.put("day", Instant.parse("2024-02-29T00:00:00Z"));
        doc.put("amount", 2.5);
        assertThat(mapper.fromDocument(doc, Everything.class).at()).isEqualTo(Instant.parse("2024-02-29T13:14:15.123Z"));
        assertThat(mapper.fromDocument(doc, Everything.class).day()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(mapper.fromDocument(doc, Everything.class).amount()).isEqualByComparingTo("2.5");
        doc.put("at", Date.from(Instant.parse("2001-01-01T00:00:00.5Z")));
        doc.put("day", "2024-02-29T00:00:00Z");
        assertThat(mapper.fromDocument(doc, Everything.class).at()).isEqualTo(Instant.parse("2001-01-01T00:00:00.5Z"));
        assertThat(mapper.fromDocument(doc, Everything.class).day()).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    /** Stands for a driver's exact decimal type (MongoDB's {@code Decimal128}): a {@link Number} whose text is exact. */
    @SuppressWarnings("serial")
    static final class ExactDecimal extends Number {
        private final String digits;

        ExactDecimal(String digits) {
            this.digits = digits;
        }

        @Override public int intValue() { return (int) doubleValue(); }
        @Override public long longValue() { return (long) doubleValue(); }
        @Override public float floatValue() { return (float) doubleValue(); }
        @Override public double doubleValue() { return Double.parseDouble(digits); }
        @Override public String toString() { return digits; }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappers")
    void aDriversExactDecimalKeepsEveryDigitInADecimalProperty(String name, EntityMapper mapper) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("id", "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        doc.put("amount", new ExactDecimal("12.50"));
        assertThat(mapper.fromDocument(doc, Everything.class).amount()).isEqualTo(new BigDecimal("12.50"));
        doc.put("amount", new ExactDecimal("12345678901234567890.123456789"));
        assertThat(mapper.fromDocument(doc, Everything.class).amount()).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        doc.put("amount", new BigInteger("123456789012345678901234567890"));
        assertThat(mapper.fromDocument(doc, Everything.class).amount()).isEqualTo(new BigDecimal("123456789012345678901234567890"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappers")
    void aDocumentThatDoesNotFitIsAMappingExceptionNamingTheType(String name, EntityMapper mapper) {
        assertThatThrownBy(() -> mapper.fromDocument(Map.of("title", "t", "priority", "high"), Ticket.class))
                .isInstanceOf(MappingException.class).hasMessageContaining(Ticket.class.getName());
        assertThatThrownBy(() -> mapper.fromDocument(Map.of("at", "yesterday"), Everything.class)).isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> mapper.fromDocument(Map.of("id", "not-a-uuid"), Everything.class)).isInstanceOf(MappingException.class);
    }

    @Test
    void anEntityJacksonCannotWriteIsAMappingException() {
        assertThatThrownBy(() -> EntityMapper.defaults().toDocument(new Broken(new Object()))).isInstanceOf(MappingException.class)
                .hasMessageContaining(Broken.class.getName());
    }

    @Test
    void jsonTextAsJsonStoresHoldItReadsBackExactly() throws Exception {
        EntityMapper mapper = EntityMapper.defaults();
        Everything e = sample();
        String json = mapper.objectMapper().writeValueAsString(mapper.toDocument(e));
        assertThat(json).contains("\"at\":\"2024-02-29T13:14:15.123Z\"").contains("\"level\":\"HIGH\"").contains("\"day\":\"2024-02-29\"");
        Everything back = mapper.objectMapper().readValue(json, Everything.class);
        assertThat(back.at()).isEqualTo(Instant.parse("2024-02-29T13:14:15.123Z"));
        assertThat(back.blob()).isEqualTo(e.blob());
        assertThat(back.ref()).isEqualTo(e.ref());
        assertThat(back.attrs().get("l")).isEqualTo(9_007_199_254_740_993L);
        assertThat(back.total()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aDecimalReadFromJsonTextKeepsEveryDigit() throws Exception {
        EntityMapper mapper = EntityMapper.defaults();
        Amount a = mapper.objectMapper().readValue("{\"amount\":12345678901234567890.123456789,\"ratio\":0.1,\"big\":9007199254740993}",
                Amount.class);
        assertThat(a.amount()).as("BigDecimal from a JSON number").isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        assertThat(a.ratio()).isEqualTo(0.1);
        assertThat(a.big()).isEqualTo(9_007_199_254_740_993L);
        Amount fromInt = mapper.objectMapper().readValue("{\"amount\":123456789012345678901234567890}", Amount.class);
        assertThat(fromInt.amount()).isEqualTo(new BigDecimal("123456789012345678901234567890"));
    }

    @Test
    void toValueConvertsQueryValuesToTheNeutralForm() {
        EntityMapper m = EntityMapper.defaults();
        assertThat(m.toValue(null)).isNull();
        assertThat(m.toValue((short) 3)).isEqualTo(3);
        assertThat(m.toValue((byte) 4)).isEqualTo(4);
        assertThat(m.toValue(1.5f)).isEqualTo(1.5d);
        assertThat(m.toValue(Level.LOW)).isEqualTo("LOW");
        assertThat(m.toValue(Instant.parse("2024-01-01T00:00:00.123999Z"))).isEqualTo(Instant.parse("2024-01-01T00:00:00.123Z"));
        assertThat(m.toValue(Date.from(Instant.EPOCH))).isEqualTo(Instant.EPOCH);
        assertThat(m.toValue(List.of(Level.LOW, Level.HIGH))).isEqualTo(List.of("LOW", "HIGH"));
        assertThat(m.toValue(Set.of(7))).isEqualTo(List.of(7));
        assertThat(m.toValue(new Address("Bern", List.of("3000")))).isEqualTo(Map.of("city", "Bern", "postcodes", List.of("3000")));
        UUID u = UUID.randomUUID();
        assertThat(m.toValue(u)).isSameAs(u);
        assertThat(m.toValue(new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.50"));
        assertThat(m.toValue(LocalDate.EPOCH)).isEqualTo(LocalDate.EPOCH);
    }

    @Test
    void fromValueConvertsIdsToThePropertyType() {
        EntityMapper m = EntityMapper.defaults();
        UUID u = UUID.randomUUID();
        assertThat((UUID) m.fromValue(u.toString(), m.objectMapper().constructType(UUID.class))).isEqualTo(u);
        assertThat((Long) m.fromValue(7, m.objectMapper().constructType(Long.class))).isEqualTo(7L);
        assertThatThrownBy(() -> m.fromValue("x", m.objectMapper().constructType(Long.class))).isInstanceOf(MappingException.class);
    }

    @Test
    void customisationsApplyAndNeutralTypesStillWork() {
        EntityMapper snake = EntityMapper.create(m -> m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
        Map<String, Object> doc = snake.toDocument(new CamelCase("Ann", 3));
        assertThat(doc).containsOnlyKeys("first_name", "line_count");
        assertThat(snake.fromDocument(doc, CamelCase.class)).isEqualTo(new CamelCase("Ann", 3));
        assertThat(EntityMapper.defaults().toDocument(new CamelCase("Ann", 3))).containsOnlyKeys("firstName", "lineCount");
    }
}
