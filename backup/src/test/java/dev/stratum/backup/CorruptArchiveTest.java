package dev.stratum.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Query;
import dev.stratum.api.Store;
import dev.stratum.testkit.domain.AllTypes;
import dev.stratum.testkit.domain.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged archive is refused before anything is written. */
class CorruptArchiveTest {
    @TempDir
    Path tmp;
    Path archive;
    Store target;

    @BeforeEach
    void export() {
        Store source = TestStores.Kind.MEMORY.open();
        RoundTripTest.seed(source);
        archive = tmp.resolve("archive");
        Backup.export(source, archive, BackupOptions.defaults(), AllTypes.class, Task.class);
        target = TestStores.Kind.REDIS.open();
    }

    @AfterEach
    void close() {
        TestStores.dispose(target, AllTypes.class, Task.class);
    }

    private void assertRefusedAndNothingWritten(String message) {
        assertThatThrownBy(() -> Backup.restore(archive, target, BackupOptions.builder().mode(RestoreMode.MERGE).build()))
                .isInstanceOf(CorruptArchiveException.class).hasMessageContaining(message);
        assertThat(target.repository(AllTypes.class).count(Query.all())).isZero();
        assertThat(target.repository(Task.class).count(Query.all())).isZero();
    }

    @Test
    void aFlippedByteInTheSecondFileIsRefusedBeforeTheFirstIsWritten() throws IOException {
        Path file = archive.resolve("kit_tasks.ndjson.gz");
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x01;
        Files.write(file, b);
        assertRefusedAndNothingWritten("fails its checksum");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path file = archive.resolve("kit_all_types.ndjson.gz");
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length - 10));
        assertRefusedAndNothingWritten("(truncated)");
    }

    @Test
    void aMissingManifestOrFileIsRefused() throws IOException {
        Files.delete(archive.resolve("kit_tasks.ndjson.gz"));
        assertRefusedAndNothingWritten("is missing");
        Files.delete(archive.resolve("manifest.json"));
        assertRefusedAndNothingWritten("no manifest.json");
    }

    @Test
    void aManifestWhoseCountsLieIsRefused() throws IOException {
        Path manifest = archive.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"count\" : 6", "\"count\" : 5"));
        assertRefusedAndNothingWritten("holds 6 documents, the manifest says 5");
    }

    @Test
    void aRewrittenFileWithAMatchingChecksumButBrokenLinesIsRefused() throws IOException {
        // someone re-gzips edited content and fixes the manifest: the structure check still refuses it
        Path file = archive.resolve("kit_tasks.ndjson.gz");
        byte[] content;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            content = in.readAllBytes();
        }
        String edited = new String(content, java.nio.charset.StandardCharsets.UTF_8).replaceFirst("\\{", "[");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(edited.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] now = Files.readAllBytes(file);
        Manifest m = Backup.manifest(archive);
        Manifest.Entry e = m.entry("kit_tasks").orElseThrow();
        Path manifest = archive.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(e.sha256(), dev.stratum.backup.internal.NeutralJson.sha256(now))
                .replace("\"bytes\" : " + e.bytes(), "\"bytes\" : " + now.length));
        assertRefusedAndNothingWritten("line 1 is not a JSON object");
    }

    @Test
    void anArchiveOfAnotherFormatIsRefused() throws IOException {
        Path manifest = archive.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"format\" : 1", "\"format\" : 9"));
        assertThatThrownBy(() -> Backup.restore(archive, target, BackupOptions.defaults()))
                .isInstanceOf(BackupException.class).hasMessageContaining("format 9");
    }
}
