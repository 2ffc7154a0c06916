package dev.stratum.migrations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.migrations.scanned.V1__Create_projects;
import dev.stratum.migrations.scanned.V2_1__Add_index;
import dev.stratum.migrations.support.TestCompiler;
import dev.stratum.migrations.support.TestMigration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
    @TempDir
    Path tmp;

    static final String ORIGINAL = """
            package acme;
            import dev.stratum.api.migration.Migration;
            import dev.stratum.api.migration.MigrationContext;
            public class V7__Add_role implements Migration {
                public void up(MigrationContext ctx) {
                    String role = "user";
                    System.getProperty(role);
                }
            }
            """;

    static final String REFORMATTED = """
            package acme;

            import dev.stratum.api.migration.MigrationContext;
            import dev.stratum.api.migration.Migration;

            /**
             * Gives every user a role.
             * (a comment added after the migration was applied, which moves every line)
             */
            public class V7__Add_role implements Migration {


                public void up(MigrationContext ctx) {
                    // the default role
                    String role = "user";

                    System.getProperty(role);
                }
            }
            """;

    String checksumOf(String source, String dir, String... options) throws IOException {
        Path out = TestCompiler.compile(tmp.resolve(dir), Map.of("acme.V7__Add_role", source), options);
        return Checksums.ofClassFile(Files.readAllBytes(out.resolve("acme/V7__Add_role.class")));
    }

    @Test
    void explicitChecksumWins() {
        assertThat(Checksums.of(TestMigration.of("1", "x", ctx -> {}).withChecksum("mine"))).isEqualTo("mine");
    }

    @Test
    void derivedFromTheClassBytes() {
        String v1 = Checksums.of(new V1__Create_projects());
        assertThat(v1).hasSize(16).matches("[0-9a-f]+").isEqualTo(Checksums.ofClass(V1__Create_projects.class));
        assertThat(v1).isNotEqualTo(Checksums.of(new V2_1__Add_index()));
    }

    @Test
    void commentsBlankLinesAndImportOrderDoNotChangeIt() throws IOException {
        String original = checksumOf(ORIGINAL, "a");
        assertThat(checksumOf(REFORMATTED, "b")).isEqualTo(original);
        assertThat(checksumOf(ORIGINAL.replace("String role", "String r").replace("(role)", "(r)"), "c"))
                .as("renaming a local variable is a change of the class (its name is in the constant pool)").isNotEqualTo(original);
    }

    @Test
    void aChangedConstantOrCallChangesIt() throws IOException {
        String original = checksumOf(ORIGINAL, "a");
        assertThat(checksumOf(ORIGINAL.replace("\"user\"", "\"member\""), "b")).isNotEqualTo(original);
        assertThat(checksumOf(ORIGINAL.replace("System.getProperty(role)", "System.getenv(role)"), "c")).isNotEqualTo(original);
    }

    @Test
    void unparseableBytesAreHashedWhole() {
        assertThat(Checksums.ofClassFile(new byte[] {1, 2, 3})).hasSize(16).isNotEqualTo(Checksums.ofClassFile(new byte[] {1, 2, 4}));
    }
}
