package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Capability;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.testkit.domain.AllTypes;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.LegacyAsset;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.internal.KitData;
import dev.stratum.testkit.internal.UntypedValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Every value type of DESIGN.md survives insert + findById (and a query) on the store: String,
 * boolean, int/long/double, BigDecimal, Instant (millisecond precision, the documented contract),
 * LocalDate, UUID, enums, byte[], nested objects, lists, maps, null versus absent, unicode, large
 * strings.
 */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class MappingGroup extends KitGroup {

    /** Decimals compare by value; untyped maps with integral numbers of any boxed type. */
    private static RecursiveComparisonConfiguration fidelity() {
        return RecursiveComparisonConfiguration.builder()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .withComparatorForFields(UntypedValues.COMPARATOR, "attributes", "data")
                .build();
    }

    private AllTypes roundTrip(AllTypes value) {
        AllTypes stored = allTypes().insert(value);
        AllTypes found = allTypes().findById(stored.id()).orElseThrow();
        List<AllTypes> queried = allTypes().find(Query.all());
        assertThat(queried).hasSize(1);
        assertThat(queried.get(0)).as("the same entity read by a query").usingRecursiveComparison(fidelity()).isEqualTo(found);
        return found;
    }

    private static AllTypes truncated(AllTypes v) {
        return v.withAt(v.at() == null ? null : v.at().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void everyValueTypeRoundTrips() {
        AllTypes value = KitData.fullAllTypes(UUID.randomUUID());
        AllTypes found = roundTrip(value);
        assertThat(found).usingRecursiveComparison(fidelity()).isEqualTo(truncated(value));
        // the recursive comparison is lenient on number types only inside the untyped map
        assertThat(found.numbers()).containsExactly(Long.MIN_VALUE, 0L, Long.MAX_VALUE);
        assertThat(found.amount()).isEqualByComparingTo("12345678901234567890.123456789");
        assertThat(found.blob()).isEqualTo(value.blob());
        assertThat(((Number) found.attributes().get("beyondDouble")).longValue())
                .as("a long beyond double precision in an untyped map").isEqualTo(9_007_199_254_740_993L);
    }

    @Test
    void extremeValuesRoundTrip() {
        AllTypes value = KitData.extremeAllTypes(UUID.randomUUID());
        AllTypes found = roundTrip(value);
        assertThat(found).usingRecursiveComparison(fidelity()).isEqualTo(value);
        assertThat(found.count()).isEqualTo(Integer.MIN_VALUE);
        assertThat(found.total()).isEqualTo(Long.MIN_VALUE);
        assertThat(found.ratio()).isEqualTo(-Double.MAX_VALUE);
        assertThat(found.blob()).isEmpty();
        assertThat(found.names()).isEmpty();
        assertThat(found.attributes()).isEmpty();
    }

    @Test
    void nullsStayNull() {
        AllTypes value = AllTypes.empty(UUID.randomUUID());
        AllTypes found = roundTrip(value);
        assertThat(found).usingRecursiveComparison(fidelity()).isEqualTo(value);
        assertThat(found.names()).as("a null list is not an empty one").isNull();
        assertThat(found.attributes()).as("a null map is not an empty one").isNull();
        assertThat(found.blob()).isNull();
        assertThat(found.optionalFlag()).isNull();
    }

    @Test
    void instantsKeepMillisecondsAndNothingFiner() {
        List<Instant> samples = List.of(Instant.parse("2024-02-29T13:14:15.123456789Z"), Instant.parse("1969-07-20T20:17:40.999Z"),
                Instant.EPOCH, Instant.parse("2999-12-31T23:59:59.999Z"), Instant.parse("2026-11-01T00:00:00.000001Z"));
        for (Instant at : samples) {
            AllTypes stored = allTypes().insert(AllTypes.empty(null).withAt(at));
            assertThat(allTypes().findById(stored.id()).orElseThrow().at()).as("stored %s", at).isEqualTo(at.truncatedTo(ChronoUnit.MILLIS));
        }
    }

    @Test
    void decimalsKeepTheirValueExactly() {
        for (String d : List.of("0.1", "-0.000000000000000000001", "12345678901234567890.123456789", "1E+30", "13.25", "0")) {
            AllTypes v = AllTypes.empty(UUID.randomUUID()).withAmount(new BigDecimal(d));
            allTypes().insert(v);
            assertThat(allTypes().findById(v.id()).orElseThrow().amount()).as("decimal %s", d).isEqualByComparingTo(d);
        }
    }

    @Test
    void datesUuidsAndEnumsRoundTrip() {
        for (LocalDate day : List.of(LocalDate.of(1900, 1, 1), LocalDate.of(2024, 2, 29), LocalDate.of(2999, 12, 31))) {
            UUID id = UUID.randomUUID();
            UUID ref = UUID.randomUUID();
            AllTypes v = new AllTypes(id, null, false, 0, 0, 0, null, null, day, ref, AllTypes.Level.MEDIUM, null, null, null, null, null,
                    null, null, null, null, null);
            allTypes().insert(v);
            AllTypes found = allTypes().findById(id).orElseThrow();
            assertThat(found.day()).isEqualTo(day);
            assertThat(found.ref()).isEqualTo(ref);
            assertThat(found.level()).isEqualTo(AllTypes.Level.MEDIUM);
        }
    }

    @Test
    void unicodeSurvivesInValuesListsAndMapKeys() {
        List<String> samples = KitData.unicodeSamples();
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            attributes.put("k" + i + " " + samples.get(i).replace('.', '_'), samples.get(i));
        }
        attributes.put("名前", "値");
        attributes.put("🔑", "🚪");
        for (String s : samples) {
            AllTypes v = new AllTypes(UUID.randomUUID(), s, false, 0, 0, 0, null, null, null, null, null, null, null, samples, null, null,
                    attributes, null, null, null, null);
            allTypes().insert(v);
            AllTypes found = allTypes().findById(v.id()).orElseThrow();
            assertThat(found.text()).isEqualTo(s);
            assertThat(found.names()).containsExactlyElementsOf(samples);
            assertThat(found.attributes()).containsExactlyInAnyOrderEntriesOf(attributes);
        }
        Task t = tasks().insert(Task.create("数据库 🚀", Task.Status.OPEN, 1).withAssigneeId("ユーザー👩‍💻"));
        assertThat(tasks().find(Query.where(Filter.eq("assigneeId", "ユーザー👩‍💻")))).as("query on a unicode value").containsExactly(t);
    }

    @Test
    void largeStringsRoundTrip() {
        long limit = capabilities().maxDocumentBytes();
        int bytes = (int) Math.min(1 << 20, limit - 64 * 1024);
        String large = KitData.stringOfUtf8Bytes(bytes);
        AllTypes stored = allTypes().insert(AllTypes.empty(null).withText(large));
        String found = allTypes().findById(stored.id()).orElseThrow().text();
        assertThat(found).as("a string of %d UTF-8 bytes", bytes).hasSameSizeAs(large);
        assertThat(found.equals(large)).as("a string of %d UTF-8 bytes is unchanged", bytes).isTrue();
    }

    @Test
    void nestedObjectsListsAndMapsRoundTrip() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cpu", 0.75);
        data.put("cores", 16);
        data.put("interfaces", List.of(Map.of("name", "eth0", "up", true), Map.of("name", "eth1", "up", false, "speeds", List.of(1, 10))));
        data.put("bios", Map.of("vendor", "Acme", "settings", Map.of("numa", Map.of("nodes", 2))));
        Asset a = new Asset(77L, "host-77", Asset.Kind.SERVER, new Asset.Location("ap-south", "r9", 40), data);
        assets().insert(a);
        Asset found = assets().findById(77L).orElseThrow();
        assertThat(found).usingRecursiveComparison(fidelity()).isEqualTo(a);
        assertThat(found.location()).isEqualTo(a.location());
    }

    @Test
    void nullValuesInMapsAreKeptDistinctFromAbsentKeys() {
        Map<String, Object> data = new HashMap<>();
        data.put("cpu", null);
        data.put("mem", 512);
        Map<String, Object> nested = new HashMap<>();
        nested.put("inner", null);
        data.put("nested", nested);
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add("x");
        data.put("list", withNull);
        assets().insert(new Asset(1L, "h", null, null, data));
        Map<String, Object> found = assets().findById(1L).orElseThrow().data();
        assertThat(found).containsOnlyKeys("cpu", "mem", "nested", "list");
        assertThat(found).containsEntry("cpu", null);
        assertThat(found.get("nested")).isEqualTo(nested);
        assertThat(found.get("list")).isEqualTo(withNull);
        assertThat(found).doesNotContainKey("disk");
    }

    @Test
    void aPojoRoundTrips() {
        User u = KitData.user("pojo", "Zoë Ünal", "zoe@example.com", User.Role.ADMIN, LocalDate.of(2001, 9, 9));
        u.setActive(false);
        User stored = users().insert(u);
        User found = users().findById("pojo").orElseThrow();
        assertThat(found).isEqualTo(stored);
        assertThat(found.getName()).isEqualTo("Zoë Ünal");
        assertThat(found.isActive()).isFalse();
        assertThat(found.getJoinedOn()).isEqualTo(LocalDate.of(2001, 9, 9));
    }

    @Test
    void aTaskRoundTripsExactly() {
        Task t = KitData.tasks().get(3).withCustomFields(Map.of("sprint", "42", "team", "platform 🛠"));
        Task stored = tasks().insert(t);
        assertThat(tasks().findById("t4")).contains(stored);
        assertThat(stored.estimate()).isEqualTo(new BigDecimal("13.25"));
    }

    @Test
    void documentsWrittenBeforeAFieldExistedReadAsDefaultsAndCountAsAbsent() {
        legacyAssets().insert(new LegacyAsset(10L, "old-host"));
        assets().insert(KitData.assets().get(0));

        Asset old = assets().findById(10L).orElseThrow();
        assertThat(old).isEqualTo(new Asset(10L, "old-host", null, null, null));
        assertThat(assetIds(assets().find(Query.where(Filter.eq("kind", null))))).as("eq(kind, null) matches absent").containsExactly(10L);
        if (supports(Capability.EXISTS)) {
            assertThat(assetIds(assets().find(Query.where(Filter.missing("kind"))))).as("missing(kind)").containsExactly(10L);
            assertThat(assetIds(assets().find(Query.where(Filter.exists("kind"))))).as("exists(kind)").containsExactly(1L);
        }
        // the reader can update it, after which the new fields are present
        assets().update(old.withData(Map.of("cpu", 0.2)));
        assertThat(assets().findById(10L).orElseThrow().data()).containsEntry("cpu", 0.2);
    }
}
