package dev.stratum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Store;
import dev.stratum.testkit.memory.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy example, kept true (its main runs MongoDB → Redis; here two in-memory stores stand in). */
class CopyTasksTest {
    @TempDir
    Path dir;

    @Test
    void backsUpCopiesAndVerifies() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Store source = InMemoryStore.create(); Store target = InMemoryStore.create();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            CopyTasks.run(source, target, dir, out);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("seeded 1000 tasks", "exported 1000 tasks", "copied 1000 tasks", "target matches source: true",
                "archive matches target: true", "kept version 2");
    }
}
