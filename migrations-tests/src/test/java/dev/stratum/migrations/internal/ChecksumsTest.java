package dev.stratum.migrations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.migration.Migration;
import dev.stratum.migrations.support.TestCompiler;
import dev.stratum.testkit.migration.TestMigration;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checksum policy: step migrations hash their steps' canonical form, code migrations have the
 * checksum their author declares or none — so no compiler option changes a checksum. Each source is
 * compiled here with javac ({@code javax.tools}) under {@code -g}, {@code -g:none}, {@code -parameters}
 * and {@code --release} 11 / 17, and the resolved checksums are compared.
 */
class ChecksumsTest {
    @TempDir
    Path tmp;

    static final String CODE = """
            package acme;
            import dev.stratum.api.migration.Migration;
            import dev.stratum.api.migration.MigrationContext;
            public class V7__Add_role implements Migration {
                public void up(MigrationContext ctx) {
                    String role = "user";
                    System.getProperty(role + ctx.version());
                }
            }
            """;

    static final String STEPS = """
            package acme;
            import dev.stratum.migrations.Step;
            import dev.stratum.migrations.StepMigration;
            import dev.stratum.testkit.domain.User;
            public class V8__Add_role_steps extends StepMigration {
                public V8__Add_role_steps() {
                    super(Step.addField(User.class, "role", "ROLE".toLowerCase() + ""));
                }
            }
            """;

    static final List<List<String>> TOOLCHAINS = List.of(List.of("-g"), List.of("-g:none"), List.of("-g", "-parameters"),
            List.of("--release", "11", "-g"), List.of("--release", "17", "-g:none", "-parameters"));

    private List<String> checksumsUnderEveryToolchain(String className, String source) throws Exception {
        List<String> checksums = new ArrayList<>();
        int i = 0;
        for (List<String> options : TOOLCHAINS) {
            Path out = TestCompiler.compile(tmp.resolve("c" + i++), Map.of(className, source), options.toArray(String[]::new));
            try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
                Migration m = (Migration) loader.loadClass(className).getConstructor().newInstance();
                checksums.add(Checksums.of(m));
            }
        }
        return checksums;
    }

    @Test
    void aCodeMigrationHasNoImplicitChecksumWhateverTheToolchain() throws Exception {
        assertThat(checksumsUnderEveryToolchain("acme.V7__Add_role", CODE)).containsOnly(Checksums.NONE);
    }

    @Test
    void aStepMigrationsChecksumIsTheSameUnderEveryToolchain() throws Exception {
        List<String> checksums = checksumsUnderEveryToolchain("acme.V8__Add_role_steps", STEPS);
        assertThat(checksums).hasSize(TOOLCHAINS.size()).allMatch(c -> c.matches("steps:[0-9a-f]{16}"));
        assertThat(checksums).containsOnly(checksums.get(0));
        assertThat(checksumsUnderEveryToolchain("acme.V8__Add_role_steps", STEPS.replace("\"ROLE\"", "\"MEMBER\"")))
                .as("a changed step value changes it").doesNotContain(checksums.get(0));
    }

    @Test
    void anExplicitChecksumIsKeptAsDeclared() {
        assertThat(Checksums.of(TestMigration.of("1", "x", ctx -> {}).withChecksum("mine"))).isEqualTo("mine");
    }

    @Test
    void legacyBytecodeChecksumsAndMissingChecksumsMatch() {
        assertThat(Checksums.matches("", "whatever-was-recorded")).isTrue();
        assertThat(Checksums.matches("steps:0011223344556677", "9f86d081884c7d65")).as("an earlier engine's bytecode hash").isTrue();
        assertThat(Checksums.matches("steps:0011223344556677", "steps:8899aabbccddeeff")).isFalse();
        assertThat(Checksums.matches("v2", "v1")).isFalse();
    }
}
