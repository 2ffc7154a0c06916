package dev.stratum.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.domain.AllTypes;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.internal.KitData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Export from every store and restore into every store: the full mapping matrix comes back byte for byte. */
class RoundTripTest {
    @TempDir
    Path tmp;

    /** Every value type at typical and extreme values, all nulls, and versioned, time-stamped tasks at versions 1 to 3. */
    static void seed(Store store) {
        Repository<AllTypes, UUID> all = store.repository(AllTypes.class);
        all.insert(KitData.fullAllTypes(UUID.fromString("00000000-0000-0000-0000-000000000001")));
        all.insert(KitData.extremeAllTypes(UUID.fromString("00000000-0000-0000-0000-000000000002")));
        all.insert(AllTypes.empty(UUID.fromString("00000000-0000-0000-0000-000000000003")));
        Map<String, Object> deep = new LinkedHashMap<>();
        deep.put("lists", List.of(List.of(1, 2), List.of(List.of("x")), Arrays.asList(null, true)));
        deep.put("maps", Map.of("a", Map.of("b", Map.of("c", -0.5))));
        deep.put("big", Long.MAX_VALUE);
        all.insert(KitData.fullAllTypes(UUID.fromString("00000000-0000-0000-0000-000000000004")).withAttributes(deep));
        Repository<Task, String> tasks = store.repository(Task.class);
        for (Task t : KitData.tasks()) {
            Task saved = tasks.insert(t);
            if (t.priority() >= 3) {
                saved = tasks.update(saved);
            }
            if (t.priority() >= 5) {
                tasks.update(saved);
            }
        }
    }

    static List<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (TestStores.Kind from : TestStores.Kind.values()) {
            for (TestStores.Kind to : TestStores.Kind.values()) {
                out.add(Arguments.of(from, to));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} -> archive -> {1}")
    @MethodSource("pairs")
    void roundTripKeepsEveryNeutralDocumentByteForByte(TestStores.Kind from, TestStores.Kind to) throws IOException {
        Store source = from.open();
        Store target = to.open();
        try {
            seed(source);
            Path archive = tmp.resolve("archive");
            Manifest m = Backup.export(source, archive, BackupOptions.defaults(), AllTypes.class, Task.class);
            assertThat(m.entries()).extracting(Manifest.Entry::entity, Manifest.Entry::count)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("kit_all_types", 4L), org.assertj.core.groups.Tuple.tuple("kit_tasks", 6L));
            assertThat(m.source().system()).isEqualTo(source.name());
            assertThat(m.stratumVersion()).isNotBlank().isNotEqualTo("unknown");
            assertThat(m.finishedAt()).isAfterOrEqualTo(m.startedAt());

            // the archive holds exactly the source's neutral documents
            assertThat(lines(archive.resolve("kit_all_types.ndjson.gz")).stream().sorted().toList())
                    .isEqualTo(TestStores.contents(source, AllTypes.class));

            RestoreResult r = Backup.restore(archive, target, BackupOptions.defaults());   // types from the manifest
            assertThat(r.written()).containsEntry("kit_all_types", 4L).containsEntry("kit_tasks", 6L);
            assertThat(r.resumed()).isFalse();

            assertThat(TestStores.contents(target, AllTypes.class)).isEqualTo(TestStores.contents(source, AllTypes.class));
            assertThat(TestStores.contents(target, Task.class)).isEqualTo(TestStores.contents(source, Task.class));
            assertThat(Backup.verify(archive, target, BackupOptions.defaults()).matches()).isTrue();

            // versions were kept, not bumped: the restored version is the one to update from
            Repository<Task, String> tasks = target.repository(Task.class);
            Task t2 = tasks.findById("t2").orElseThrow();
            assertThat(t2.version()).isEqualTo(3);
            assertThat(tasks.update(t2).version()).isEqualTo(4);
        } finally {
            TestStores.dispose(source, AllTypes.class, Task.class);
            TestStores.dispose(target, AllTypes.class, Task.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void modesForANonEmptyTarget(TestStores.Kind kind) {
        Store source = TestStores.Kind.MEMORY.open();
        Store target = kind.open();
        try {
            seed(source);
            Path archive = tmp.resolve("archive");
            Backup.export(source, archive, BackupOptions.defaults(), Task.class);
            Repository<Task, String> tasks = target.repository(Task.class);
            Task stranger = tasks.insert(new Task("zz", "not in the archive", null, null, 1, List.of(), null, null, null, Map.of(), 0, null, null));
            tasks.insert(new Task("t1", "older t1", null, null, 1, List.of(), null, null, null, Map.of(), 0, null, null));

            assertThatThrownBy(() -> Backup.restore(archive, target, BackupOptions.defaults(), Task.class))
                    .isInstanceOf(TargetNotEmptyException.class).hasMessageContaining("kit_tasks holds 2");
            assertThat(tasks.findById("t2")).isEmpty();

            Backup.restore(archive, target, BackupOptions.builder().mode(RestoreMode.MERGE).build(), Task.class);
            assertThat(tasks.findById("zz")).contains(stranger);
            assertThat(tasks.findById("t1").orElseThrow().title()).isEqualTo("Write docs");
            assertThat(tasks.count(dev.stratum.api.Query.all())).isEqualTo(7);

            Backup.restore(archive, target, BackupOptions.builder().mode(RestoreMode.REPLACE).build(), Task.class);
            assertThat(TestStores.contents(target, Task.class)).isEqualTo(TestStores.contents(source, Task.class));
            VerifyReport v = Backup.verify(archive, target, BackupOptions.defaults(), Task.class);
            assertThat(v.matches()).as(v.toString()).isTrue();
        } finally {
            TestStores.dispose(source, Task.class);
            TestStores.dispose(target, Task.class);
        }
    }

    @Test
    void verifyReportsMissingDifferentAndExtraDocuments() {
        Store source = TestStores.Kind.MEMORY.open();
        Store target = TestStores.Kind.MEMORY.open();
        seed(source);
        Path archive = tmp.resolve("archive");
        Backup.export(source, archive, BackupOptions.defaults(), Task.class);
        Backup.restore(archive, target, BackupOptions.defaults(), Task.class);
        Repository<Task, String> tasks = target.repository(Task.class);
        tasks.deleteById("t1");
        tasks.update(tasks.findById("t3").orElseThrow());
        tasks.insert(new Task("new", "extra", null, null, 1, List.of(), null, null, null, Map.of(), 0, null, null));

        VerifyReport v = Backup.verify(archive, target, BackupOptions.defaults(), Task.class);
        VerifyReport.TypeReport t = v.types().get(0);
        assertThat(v.matches()).isFalse();
        assertThat(t.expected()).isEqualTo(6);
        assertThat(t.actual()).isEqualTo(6);
        assertThat(t.matched()).isEqualTo(4);
        assertThat(t.missing()).isEqualTo(1);
        assertThat(t.different()).isEqualTo(1);
        assertThat(t.extra()).isEqualTo(1);
        assertThat(t.differences()).extracting(VerifyReport.Difference::id, VerifyReport.Difference::kind).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("\"t1\"", VerifyReport.Difference.Kind.MISSING),
                org.assertj.core.groups.Tuple.tuple("\"t3\"", VerifyReport.Difference.Kind.DIFFERENT));
        assertThat(Backup.verify(source, target, BackupOptions.defaults(), Task.class).types().get(0).missing()).isEqualTo(1);
    }

    @Test
    void exportRefusesANonEmptyDirectory() throws IOException {
        Files.createDirectories(tmp.resolve("a"));
        Files.writeString(tmp.resolve("a/x"), "x");
        Store s = TestStores.Kind.MEMORY.open();
        assertThatThrownBy(() -> Backup.export(s, tmp.resolve("a"), BackupOptions.defaults(), Task.class))
                .isInstanceOf(BackupException.class).hasMessageContaining("not empty");
    }

    static List<String> lines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }
}
